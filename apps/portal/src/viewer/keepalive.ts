import type { ResolvedPolicy } from '@atrium/contracts';

/** A keepalive every third of the policy's expiration, between 5 s and 60 s. */
export const keepaliveEveryMs = (policy: Pick<ResolvedPolicy, 'keepalive_expiration'>) =>
  Math.min(60_000, Math.max(5_000, (policy.keepalive_expiration * 1000) / 3));

/** Whether the person has been away longer than the policy's `idle_disconnect` (minutes; 0: never). */
export const idleTooLong = (policy: Pick<ResolvedPolicy, 'idle_disconnect'>, idleMs: number) =>
  policy.idle_disconnect > 0 && idleMs > policy.idle_disconnect * 60_000;
