import { z } from 'zod';
import { connectionFilesSchema } from './remote-files';
import { updateSchemaOf } from './update-schema';

export const serverProtocolSchema = z.enum(['rdp', 'vnc', 'ssh']);
export type ServerProtocol = z.infer<typeof serverProtocolSchema>;

/** Protocol settings, passed to guacd as its parameters. */
export const serverSettingsSchema = z
  .object({
    /** RDP: security mode and whether the server's certificate is checked. */
    rdpSecurity: z.enum(['any', 'nla', 'nla-ext', 'tls', 'rdp']).default('any'),
    rdpIgnoreCertificate: z.boolean().default(false),
    /** SSH: terminal look. */
    sshColorScheme: z
      .string()
      .regex(/^[a-z0-9-]+$/)
      .max(32)
      .default('gray-black'),
    sshFontName: z
      .string()
      .regex(/^[A-Za-z0-9 -]+$/)
      .max(64)
      .default('DejaVu Sans Mono'),
    sshFontSize: z.number().int().min(6).max(48).default(12),
    /** VNC: colour depth. */
    vncColorDepth: z.union([z.literal(8), z.literal(16), z.literal(24), z.literal(32)]).default(24),
  })
  .partial();
export type ServerSettings = z.infer<typeof serverSettingsSchema>;

/** A username and password for a remote system, as guacd passes them on. */
export const remoteCredentialsSchema = z.object({ username: z.string().max(256), password: z.string().max(1024) });
export type RemoteCredentials = z.infer<typeof remoteCredentialsSchema>;

/** Static credentials are stored encrypted; `prompt` asks the user at connect time. */
export const serverCredentialsSchema = z.discriminatedUnion('mode', [
  z.object({
    mode: z.literal('static'),
    username: remoteCredentialsSchema.shape.username.default(''),
    password: remoteCredentialsSchema.shape.password.default(''),
  }),
  z.object({ mode: z.literal('prompt') }),
]);
export type ServerCredentials = z.infer<typeof serverCredentialsSchema>;

const hostname = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9.:_-]+$/, 'must be a hostname or IP address');

export const createServerSchema = z.object({
  name: z.string().trim().min(1).max(64),
  protocol: serverProtocolSchema,
  hostname,
  port: z.number().int().min(1).max(65535),
  credentials: serverCredentialsSchema,
  settings: serverSettingsSchema.default({}),
  /** Groups whose members may open this server. */
  groupIds: z.array(z.string().uuid()).default([]),
});
export type CreateServer = z.infer<typeof createServerSchema>;

export const updateServerSchema = updateSchemaOf(createServerSchema);
export type UpdateServer = z.infer<typeof updateServerSchema>;

/** What the API shows of a server: never its credentials, only whether it has any. */
export const serverViewSchema = z.object({
  id: z.string().uuid(),
  name: z.string(),
  protocol: serverProtocolSchema,
  hostname: z.string(),
  port: z.number().int(),
  credentialMode: z.enum(['static', 'prompt']),
  settings: serverSettingsSchema,
  groupIds: z.array(z.string().uuid()),
});
export type ServerView = z.infer<typeof serverViewSchema>;

/** What a remote-session connection token carries, sealed by the webapp for the connection proxy only. */
export const connectionTokenClaimsSchema = z.object({
  /** The session it is bound to. */
  sid: z.string().uuid(),
  /** The browser sign-in it was minted for: signing out closes the streams it opened. */
  asid: z.string().uuid().optional(),
  /** Expiry, milliseconds since the epoch. */
  exp: z.number().int(),
  connection: z.object({
    type: serverProtocolSchema,
    /** guacd parameters: host, port, credentials, protocol settings, clipboard policy. */
    settings: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
    /** Which way files may cross (absent: neither); the connection proxy enforces it on guacd's file streams. */
    files: connectionFilesSchema.optional(),
    /** The browser may send its microphone (`allow_kasm_microphone`); the connection proxy refuses it otherwise. */
    microphone: z.boolean().optional(),
  }),
});
export type ConnectionTokenClaims = z.infer<typeof connectionTokenClaimsSchema>;

export const launchRemoteSessionSchema = z.object({
  serverId: z.string().uuid(),
  /** Required when the server asks for credentials at connect time; never stored. */
  credentials: remoteCredentialsSchema.optional(),
});
export type LaunchRemoteSession = z.infer<typeof launchRemoteSessionSchema>;

/** `POST /api/sessions`: a workspace (container session) or a server (remote session). */
export const launchSessionSchema = z.union([z.object({ workspaceId: z.string().uuid() }).strict(), launchRemoteSessionSchema.strict()]);
export type LaunchSession = z.infer<typeof launchSessionSchema>;

/** Audience of the webapp's calls to the connection proxy. */
export const CONNECTION_PROXY_AUDIENCE = 'atrium-connection-proxy';

/** Claims of `POST /v1/sessions/:id/close` on the connection proxy: end the streams of one session (of one sign-in). */
export const closeSessionClaimsSchema = z.object({ typ: z.literal('close-session'), sid: z.string().uuid(), asid: z.string().uuid().optional() });
export type CloseSessionClaims = z.infer<typeof closeSessionClaimsSchema>;

/** webapp → connection proxy `GET /v1/metrics` (HS256, 30 s): its remote streams and process, for the scrape. */
export const metricsCallClaimsSchema = z.object({ typ: z.literal('metrics') });
export type MetricsCallClaims = z.infer<typeof metricsCallClaimsSchema>;

/** Audience of the connection proxy's calls to the webapp's internal listener. */
export const WEBAPP_AUDIENCE = 'atrium-webapp';

/**
 * Claims of `POST /internal/sessions/:id/remote-ended` (connection proxy → webapp, HS256 with the shared call
 * key, 30 s): guacd ended this session's connection from the remote side, for `reason`.
 */
export const remoteEndedClaimsSchema = z.object({ typ: z.literal('remote-ended'), sid: z.string().uuid(), reason: z.string().max(500) });
export type RemoteEndedClaims = z.infer<typeof remoteEndedClaimsSchema>;
