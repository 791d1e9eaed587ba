import { createHash } from 'node:crypto';
import { LoginFailuresRepository } from '@atrium/db';
import type { Knex } from 'knex';
import type { FailureStore } from './login-throttle';

/** Keys are stored hashed: the table never holds a username or an address. */
const hashed = (key: string) => createHash('sha256').update(key).digest('hex');

/** The throttle's counts in PostgreSQL: every replica sees the same, and a restart forgets nothing. */
export function postgresFailureStore(knex: Knex, windowSeconds: number): FailureStore {
  const failures = new LoginFailuresRepository(knex);
  return {
    async counts(keys) {
      const byHash = new Map(keys.map((key) => [hashed(key), key]));
      const rows = await failures.counts([...byHash.keys()]);
      return new Map(rows.map((row) => [byHash.get(row.key) as string, { count: row.count, resetAt: row.resetAt.getTime() }]));
    },
    record: (keys) => failures.record(keys.map(hashed), windowSeconds),
    reset: (key) => failures.reset(hashed(key)),
  };
}
