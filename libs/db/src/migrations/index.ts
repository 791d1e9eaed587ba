import type { Knex } from 'knex';
import * as initialSchema from './20261124A-initial-schema';
import * as seedWorkspaces from './20261125A-seed-workspaces';

/** Every migration, by its date-prefixed name. Add new ones here; names sort in the order they run. */
export const migrations: Record<string, Knex.Migration> = {
  '20261124A-initial-schema': initialSchema,
  '20261125A-seed-workspaces': seedWorkspaces,
};
