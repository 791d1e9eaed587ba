import type { Knex } from 'knex';
import * as initialSchema from './20261124A-initial-schema';

/** Every migration, by its date-prefixed name. Add new ones here; names sort in the order they run. */
export const migrations: Record<string, Knex.Migration> = {
  '20261124A-initial-schema': initialSchema,
};
