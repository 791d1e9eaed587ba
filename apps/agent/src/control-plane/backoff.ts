/**
 * Capped exponential backoff with jitter: 0.5 s, 1 s, 2 s, ... up to `maxMs`, each scaled by a random
 * factor in [0.5, 1) so that many agents restarted together do not retry in lockstep.
 */
export function backoffDelay(attempt: number, maxMs: number, random: () => number = Math.random): number {
  const exponential = Math.min(maxMs, 500 * 2 ** Math.min(attempt, 20));
  return Math.round(exponential * (0.5 + random() / 2));
}
