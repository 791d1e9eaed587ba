import type { Knex } from 'knex';

/** Answers when PostgreSQL answers a trivial query within `timeoutMs` (health checks). */
export async function pingDatabase(knex: Knex, timeoutMs: number): Promise<void> {
  await knex.raw('select 1').timeout(timeoutMs, { cancel: true });
}

/**
 * Takes a transaction-scoped advisory lock: replicas doing the same one-off work (the first start)
 * run it one after the other. Released when the transaction ends.
 */
export async function lockForTransaction(trx: Knex.Transaction, key: number): Promise<void> {
  await trx.raw('select pg_advisory_xact_lock(?)', [key]);
}
