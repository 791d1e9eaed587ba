import type { Knex } from 'knex';
import { translateConstraintError } from './constraint-errors';

/**
 * Runs `work` in a transaction, or inside the caller's when it already holds one: use cases compose
 * without nesting savepoints by accident. Constraint violations leave it as typed errors.
 */
export async function transaction<T>(knex: Knex, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  try {
    if (knex.isTransaction) return await work(knex as Knex.Transaction);
    return await knex.transaction(work);
  } catch (error) {
    throw translateConstraintError(error);
  }
}
