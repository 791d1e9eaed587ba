import { FailureWindow } from './failure-window';

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

/** What to do with a sign-in attempt before the password is checked. */
export type ThrottleDecision = { refuse: true; retryAfterSeconds: number } | { refuse: false; delayMs: number };

/**
 * Login throttling that cannot be turned against users. Refusals are scoped to the attacker's own address
 * (per address, and per username and address), so ten wrong passwords from one address never stop the
 * right password from another. The account as a whole only gets a bounded, growing delay: distributed
 * guessing slows down, but nobody can lock a user (or the administrator) out.
 */
export class LoginThrottle {
  private readonly byAddress: FailureWindow;
  private readonly byPair: FailureWindow;
  private readonly byAccount: FailureWindow;

  constructor(
    private readonly limits: LoginThrottleLimits,
    private readonly now: () => number = Date.now,
  ) {
    this.byAddress = new FailureWindow(limits.windowMs, now);
    this.byPair = new FailureWindow(limits.windowMs, now);
    this.byAccount = new FailureWindow(limits.windowMs, now);
  }

  decide(username: string, address: string): ThrottleDecision {
    const refusal = [this.byAddress.get(address), this.byPair.get(pairKey(username, address))]
      .map((entry, index) => ({ entry, limit: index === 0 ? this.limits.perAddress : this.limits.perAccountAndAddress }))
      .filter(({ entry, limit }) => entry.count >= limit)
      .map(({ entry }) => Math.ceil((entry.resetAt - this.now()) / 1000));
    if (refusal.length) return { refuse: true, retryAfterSeconds: Math.max(...refusal) };
    const excess = this.byAccount.get(username).count - this.limits.accountSlowdownAfter;
    const delayMs = excess < 0 ? 0 : Math.min(this.limits.accountMaxDelayMs, 100 * 2 ** Math.min(excess, 20));
    return { refuse: false, delayMs };
  }

  recordFailure(username: string, address: string): void {
    this.byAddress.record(address);
    this.byPair.record(pairKey(username, address));
    this.byAccount.record(username);
  }

  /** A successful sign-in clears that address's record for the account (not the account's slowdown). */
  recordSuccess(username: string, address: string): void {
    this.byPair.reset(pairKey(username, address));
  }
}

const pairKey = (username: string, address: string) => `${username}\u0000${address}`;
