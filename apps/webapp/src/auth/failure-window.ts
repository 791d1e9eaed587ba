/**
 * Counts failures per key within a fixed window (per-replica memory, bounded in size). The building block
 * of login throttling; it never decides anything by itself.
 */
export class FailureWindow {
  private readonly failures = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 100_000,
  ) {}

  /** Failures of `key` in its current window, and when that window ends. */
  get(key: string): { count: number; resetAt: number } {
    const entry = this.failures.get(key);
    return entry && entry.resetAt > this.now() ? entry : { count: 0, resetAt: this.now() + this.windowMs };
  }

  record(key: string): void {
    const entry = this.get(key);
    this.failures.set(key, { count: entry.count + 1, resetAt: entry.resetAt });
    if (this.failures.size > this.maxKeys) this.forgetExpired();
  }

  reset(key: string): void {
    this.failures.delete(key);
  }

  private forgetExpired(): void {
    for (const [key, entry] of this.failures) if (entry.resetAt <= this.now()) this.failures.delete(key);
    // Still too many live keys (a flood of addresses): drop the oldest, so memory stays bounded.
    for (const key of this.failures.keys()) {
      if (this.failures.size <= this.maxKeys) break;
      this.failures.delete(key);
    }
  }
}
