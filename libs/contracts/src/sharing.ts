import { z } from 'zod';

/** A shared session: the id viewers join with, and the page that joins and opens the desktop. */
export const sessionShareSchema = z.object({ sessionId: z.string().uuid(), shareId: z.string(), joinUrl: z.string() });
export type SessionShare = z.infer<typeof sessionShareSchema>;

/** Share ids are 22 base64url characters; anything else is refused before a lookup. */
export const shareIdSchema = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'must be a share id');

/**
 * What a viewer learns by joining: the session they may now watch, and nothing of its owner (no user id, no
 * share id, no time limits).
 */
export const joinedSessionSchema = z.object({
  id: z.string().uuid(),
  kind: z.enum(['container', 'remote']),
  state: z.string(),
  /** Where the browser opens the stream. */
  connectUrl: z.string().nullable(),
});
export type JoinedSession = z.infer<typeof joinedSessionSchema>;

export const sessionViewerSchema = z.object({ userId: z.string().uuid(), username: z.string(), joinedAt: z.string() });
export type SessionViewer = z.infer<typeof sessionViewerSchema>;
