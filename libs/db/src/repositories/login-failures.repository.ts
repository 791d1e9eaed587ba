import type { Knex } from 'knex';

/** Failures counted under one key within its window. */
export interface FailureCount {
  key: string;
  count: number;
  resetAt: Date;
}

/** How long an ended window's row is kept before it is removed (it counts for nothing after its window). */
const KEEP_ENDED_FOR = "interval '1 hour'";

/**
 * The sign-in throttle's counts (keys are hashes, never a username or an address in clear). Windows follow the
 * database's clock, the one clock every replica shares.
 */
export class LoginFailuresRepository {
  constructor(private readonly knex: Knex) {}

  /** The live windows of these keys; a key without one has no failures. */
  async counts(keys: string[]): Promise<FailureCount[]> {
    const rows = await this.knex('login_failures').whereIn('key', keys).andWhere('reset_at', '>', this.knex.fn.now()).select('key', 'count', 'reset_at');
    return rows.map((row: { key: string; count: number; reset_at: Date }) => ({ key: row.key, count: row.count, resetAt: row.reset_at }));
  }

  /** One more failure under each key: a window that ended starts again at one. Old rows go on the way. */
  async record(keys: string[], windowSeconds: number): Promise<void> {
    await this.knex.raw(
      `insert into login_failures (key, count, reset_at)
         select key, 1, now() + make_interval(secs => ?) from unnest(?::text[]) as key
       on conflict (key) do update set
         count = case when login_failures.reset_at > now() then login_failures.count + 1 else 1 end,
         reset_at = case when login_failures.reset_at > now() then login_failures.reset_at else excluded.reset_at end`,
      [windowSeconds, keys],
    );
    await this.knex('login_failures')
      .where('reset_at', '<', this.knex.raw(`now() - ${KEEP_ENDED_FOR}`))
      .delete();
  }

  async reset(key: string): Promise<void> {
    await this.knex('login_failures').where({ key }).delete();
  }
}
