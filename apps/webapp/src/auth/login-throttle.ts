/**
 * Slows password guessing: at most `limit` failed logins per key (username, and client address) per window.
 * Per-replica memory is enough for RA1; a multi-replica deployment divides the budget by the replica count.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly limit = 10,
    private readonly windowMs = 5 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until `key` may try again, or 0 when it may try now. */
  retryAfterSeconds(key: string): number {
    const entry = this.failures.get(key);
    if (!entry || entry.resetAt <= this.now()) return 0;
    return entry.count >= this.limit ? Math.ceil((entry.resetAt - this.now()) / 1000) : 0;
  }

  recordFailure(key: string): void {
    const current = this.failures.get(key);
    if (!current || current.resetAt <= this.now()) {
      this.failures.set(key, { count: 1, resetAt: this.now() + this.windowMs });
    } else {
      current.count += 1;
    }
    if (this.failures.size > 10_000) this.forgetExpired();
  }

  reset(key: string): void {
    this.failures.delete(key);
  }

  private forgetExpired(): void {
    for (const [key, entry] of this.failures) if (entry.resetAt <= this.now()) this.failures.delete(key);
  }
}
