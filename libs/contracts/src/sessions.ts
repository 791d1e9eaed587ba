import { z } from 'zod';

export const sessionStates = [
  'requested',
  'provisioning',
  'running',
  'paused',
  'stopped',
  'stopping',
  'destroyed',
  'error',
  'lost',
] as const;
export const sessionStateSchema = z.enum(sessionStates);
export type SessionState = z.infer<typeof sessionStateSchema>;

export const sessionKindSchema = z.enum(['container', 'remote']);
export type SessionKind = z.infer<typeof sessionKindSchema>;
