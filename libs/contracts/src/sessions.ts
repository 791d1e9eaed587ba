import { z } from 'zod';

export const sessionStates = ['requested', 'provisioning', 'running', 'paused', 'stopped', 'stopping', 'destroyed', 'error', 'lost', 'ended'] as const;
export const sessionStateSchema = z.enum(sessionStates);
export type SessionState = z.infer<typeof sessionStateSchema>;

export const sessionKindSchema = z.enum(['container', 'remote']);
export type SessionKind = z.infer<typeof sessionKindSchema>;

export const launchContainerSessionSchema = z.object({ workspaceId: z.string().uuid() });
export type LaunchContainerSession = z.infer<typeof launchContainerSessionSchema>;

export const sessionSchema = z.object({
  id: z.string().uuid(),
  kind: sessionKindSchema,
  state: sessionStateSchema,
  userId: z.string().uuid(),
  workspaceId: z.string().uuid().nullable(),
  serverId: z.string().uuid().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  errorMessage: z.string().nullable(),
  /** When the session ends whatever happens (its time limit). */
  expiresAt: z.string().nullable(),
  /** When a running session ends unless a keepalive arrives first. */
  keepaliveUntil: z.string().nullable(),
  /** The id others open to join, while the owner shares the session (shown to the owner only). */
  shareId: z.string().nullable(),
  /** Where the browser opens the stream, once the session runs. */
  connectUrl: z.string().nullable(),
});
export type Session = z.infer<typeof sessionSchema>;

/** A session is starting while it is in one of these states; the launch dialog follows it until it leaves them. */
export const STARTING_STATES: readonly SessionState[] = ['requested', 'provisioning'];

/**
 * `GET /api/sessions/:id/events`: Server-Sent Events, one `session` event (a `Session`) each time the starting session
 * changes, the last when it runs, fails or ends; the stream then closes.
 */
export const sessionEventsPath = (sessionId: string) => `/api/sessions/${sessionId}/events`;
export const SESSION_EVENT = 'session';

/**
 * `GET /api/sessions`: newest first, at most `limit`. `live` keeps only sessions that are not over (what the
 * portal's pages poll); without it, ended sessions are listed too, as history.
 */
export const listSessionsQuerySchema = z.object({
  live: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type ListSessionsQuery = z.infer<typeof listSessionsQuerySchema>;

/** Answer of a keepalive. */
export const keepaliveSchema = z.object({
  keepaliveUntil: z.string(),
  expiresAt: z.string().nullable(),
  /** The session's time limit comes before the next keepalive would be due: it ends then regardless. */
  usageReached: z.boolean(),
});
export type Keepalive = z.infer<typeof keepaliveSchema>;

/**
 * `POST /api/sessions` with `Prefer: respond-async` (RFC 7240) answers 202 at once with the session in
 * `provisioning`; the caller follows it with `GET /api/sessions/:id`. Without it the call waits until the
 * session runs or fails, as before.
 */
export const RESPOND_ASYNC_PREFERENCE = 'respond-async';
