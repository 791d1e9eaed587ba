export interface LoginThrottleLimits {
  /** Failed sign-ins from one address (any usernames) before that address is refused for the window. */
  perAddress: number;
  /** Failed sign-ins for one username from one address before that pair is refused for the window. */
  perAccountAndAddress: number;
  /** Failed sign-ins for one username (any addresses) after which each attempt is slowed, never refused. */
  accountSlowdownAfter: number;
  /** The longest an attempt for a much-guessed account is delayed. */
  accountMaxDelayMs: number;
  windowMs: number;
}

/** Where failures are counted, per key, each key in a fixed window (PostgreSQL: shared by replicas, kept across restarts). */
export interface FailureStore {
  /** The failures of each key in its live window, and when it ends (ms since the epoch); a missing key has none. */
  counts(keys: string[]): Promise<Map<string, { count: number; resetAt: number }>>;
  record(keys: string[]): Promise<void>;
  reset(key: string): Promise<void>;
}

/** What to do with a sign-in attempt before the password is checked. */
export type ThrottleDecision = { refuse: true; retryAfterSeconds: number } | { refuse: false; delayMs: number };

const addressKey = (address: string) => `address\u0000${address}`;
const pairKey = (username: string, address: string) => `pair\u0000${username}\u0000${address}`;
const accountKey = (username: string) => `account\u0000${username}`;

/**
 * Login throttling that cannot be turned against users. Refusals are scoped to the attacker's own address
 * (per address, and per username and address), so ten wrong passwords from one address never stop the
 * right password from another. The account as a whole only gets a bounded, growing delay: distributed
 * guessing slows down, but nobody can lock a user (or the administrator) out.
 */
export class LoginThrottle {
  constructor(
    private readonly limits: LoginThrottleLimits,
    private readonly store: FailureStore,
    private readonly now: () => number = Date.now,
  ) {}

  async decide(username: string, address: string): Promise<ThrottleDecision> {
    const counts = await this.store.counts([addressKey(address), pairKey(username, address), accountKey(username)]);
    const refusal = [
      { entry: counts.get(addressKey(address)), limit: this.limits.perAddress },
      { entry: counts.get(pairKey(username, address)), limit: this.limits.perAccountAndAddress },
    ].flatMap(({ entry, limit }) => (entry && entry.count >= limit ? [Math.ceil((entry.resetAt - this.now()) / 1000)] : []));
    if (refusal.length) return { refuse: true, retryAfterSeconds: Math.max(1, ...refusal) };
    const excess = (counts.get(accountKey(username))?.count ?? 0) - this.limits.accountSlowdownAfter;
    const delayMs = excess < 0 ? 0 : Math.min(this.limits.accountMaxDelayMs, 100 * 2 ** Math.min(excess, 20));
    return { refuse: false, delayMs };
  }

  async recordFailure(username: string, address: string): Promise<void> {
    await this.store.record([addressKey(address), pairKey(username, address), accountKey(username)]);
  }

  /** A successful sign-in clears that address's record for the account (not the account's slowdown). */
  async recordSuccess(username: string, address: string): Promise<void> {
    await this.store.reset(pairKey(username, address));
  }
}
