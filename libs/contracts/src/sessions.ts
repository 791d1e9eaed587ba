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
  /** When the reaper ends the session. */
  expiresAt: z.string().nullable(),
  /** Where the browser opens the stream, once the session runs. */
  connectUrl: z.string().nullable(),
});
export type Session = z.infer<typeof sessionSchema>;
