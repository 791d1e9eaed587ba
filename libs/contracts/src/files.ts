import { z } from 'zod';
import { SESSION_ID_PATTERN } from './stream-paths';

/**
 * File transfer between the browser and a container workspace: uploads land in `~/Uploads`, the download panel
 * lists `~/Downloads`. Bytes stream browser → kasm_proxy → agent → a process inside the workspace (as its user),
 * never through the control plane, which only authorises (auth_request, like the desktop stream).
 */

/** The two folders of the workspace's home that transfers touch, and nothing else. */
export const TRANSFER_FOLDERS = { upload: 'Uploads', download: 'Downloads' } as const;
export type TransferDirection = keyof typeof TRANSFER_FOLDERS;

const utf8Bytes = (text: string) => new TextEncoder().encode(text).length;

/** Separators and control characters, which no transferred name keeps. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this matches
const UNSAFE_IN_NAME = /[/\\\u0000-\u001f\u007f]/g;

/** Bytes of a name the file systems of the workspace accept. */
const MAX_NAME_BYTES = 255;

/**
 * A file's name inside one of the two folders: one path component, never `.`/`..` or hidden (names starting
 * with a dot are how partial uploads are kept), no separators, no control characters.
 */
export const fileNameSchema = z
  .string()
  .min(1)
  .refine((name) => utf8Bytes(name) <= MAX_NAME_BYTES, `must be at most ${MAX_NAME_BYTES} bytes`)
  .refine((name) => !name.startsWith('.'), 'must not start with a dot')
  .refine((name) => !new RegExp(UNSAFE_IN_NAME.source).test(name), 'must not contain slashes or control characters')
  .refine((name) => name.trim() === name, 'must not start or end with spaces');

/**
 * What the browser turns a picked or dropped file's name into before it asks: separators and control characters
 * become `_`, a leading dot goes, and an over-long name keeps its extension.
 */
export function sanitizeFileName(raw: string): string {
  let name = raw.replace(UNSAFE_IN_NAME, '_').trim().replace(/^\.+/, '');
  while (utf8Bytes(name) > MAX_NAME_BYTES) {
    const dot = name.lastIndexOf('.');
    const extension = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : '';
    name = name.slice(0, name.length - extension.length - 1) + extension;
  }
  return name || 'file';
}

/** One file the download panel offers. */
export const downloadableFileSchema = z.object({
  name: z.string(),
  size: z.number().int().min(0),
  modifiedAt: z.string(),
});
export type DownloadableFile = z.infer<typeof downloadableFileSchema>;

export const downloadListSchema = z.object({
  files: z.array(downloadableFileSchema),
  /** Largest file either way, and what is left of the session's total. */
  maxFileBytes: z.number().int(),
  remainingSessionBytes: z.number().int(),
});
export type DownloadList = z.infer<typeof downloadListSchema>;

/** The answer to a finished upload: the name it got (another file of that name is never replaced). */
export const uploadResultSchema = z.object({ name: z.string(), size: z.number().int() });
export type UploadResult = z.infer<typeof uploadResultSchema>;

/** Claims of the token kasm_proxy hands the agent with a file request: the owner only, with the policy's directions. */
export const filesTokenClaimsSchema = z.object({
  typ: z.literal('files'),
  sid: z.string().uuid(),
  /** The session's owner, who alone may move files. */
  own: z.string().uuid(),
  /** The browser sign-in: the transfer is audited under it. */
  asid: z.string().uuid(),
  /** `allow_kasm_uploads` and `allow_kasm_downloads` when the request was authorised. */
  up: z.boolean(),
  down: z.boolean(),
});
export type FilesTokenClaims = z.infer<typeof filesTokenClaimsSchema>;

/** How a transfer ended, as the agent reports it for the audit log. */
export const transferOutcomeSchema = z.enum(['completed', 'refused', 'cancelled', 'failed']);

/** `POST /internal/agents/:id/transfers`: the agent reports each transfer it ran, for the audit log. */
export const transferReportSchema = z
  .object({
    sessionId: z.string().uuid(),
    direction: z.enum(['upload', 'download']),
    name: z.string().max(1024),
    bytes: z.number().int().min(0),
    outcome: transferOutcomeSchema,
    /** The error code when it did not complete. */
    reason: z.string().max(64).optional(),
  })
  .strict();
export type TransferReport = z.infer<typeof transferReportSchema>;

/** Browser paths: the list and each file under the session's viewer, so kasm_proxy authorises them like its stream. */
export const filesPath = (sessionId: string) => `/desktop/${sessionId}/files`;
export const downloadsPath = (sessionId: string) => `${filesPath(sessionId)}/downloads`;
export const downloadPath = (sessionId: string, name: string) => `${downloadsPath(sessionId)}/${encodeURIComponent(name)}`;
export const uploadPath = (sessionId: string, name: string) => `${filesPath(sessionId)}/uploads/${encodeURIComponent(name)}`;

/** The same requests as the agent serves them behind kasm_proxy: the browser's path under `/v1`, as sent. */
export const agentFilesPath = (sessionId: string) => `/v1${filesPath(sessionId)}`;

/** Matches a browser file path (list, download or upload), capturing the session id and which one it is. */
export const FILES_PATTERN = new RegExp(`^${filesPath(`(${SESSION_ID_PATTERN})`)}/(downloads|uploads)(?:/[^/?]+)?(?:\\?.*)?$`);
