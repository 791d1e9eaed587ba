import type { Knex } from 'knex';

/**
 * Runs `work` in a transaction, or inside the caller's when it already holds one:
 * use cases compose without nesting savepoints by accident.
 */
export function transaction<T>(knex: Knex, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  if (knex.isTransaction) return work(knex as Knex.Transaction);
  return knex.transaction(work);
}
