import type { Knex } from 'knex';
import { migrations } from './migrations';

/** Migrations are listed in code rather than discovered on disk, so the same list runs from src and dist. */
const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(migrations).sort(),
  getMigrationName: (name) => name,
  getMigration: async (name) => {
    const migration = migrations[name];
    if (!migration) throw new Error(`unknown migration ${name}`);
    return migration;
  },
};

const config: Knex.MigratorConfig = { migrationSource, tableName: 'knex_migrations' };

/** A fixed key for pg_advisory_lock, so replicas starting together migrate one after the other. */
const MIGRATION_LOCK_KEY = 7_312_604_331;

/** A database that a newer Atrium migrated: this code must not run on it, since downgrades are not supported. */
export class SchemaNewerThanCodeError extends Error {
  override readonly name = 'SchemaNewerThanCodeError';
}

/** Applies pending migrations under a PostgreSQL advisory lock; returns the names applied. */
export async function migrateLatest(knex: Knex): Promise<string[]> {
  return withAdvisoryLock(knex, async () => {
    await refuseNewerSchema(knex);
    const [, applied] = (await knex.migrate.latest(config)) as [number, string[]];
    return applied;
  });
}

/** Reverts every migration, newest first (tests and disaster recovery only). */
export async function rollbackAll(knex: Knex): Promise<string[]> {
  return withAdvisoryLock(knex, async () => {
    const [, reverted] = (await knex.migrate.rollback(config, true)) as [number, string[]];
    return reverted;
  });
}

/** Reverts the newest migration only (tests of a migration on existing data; disaster recovery). */
export async function rollbackLast(knex: Knex): Promise<string[]> {
  return withAdvisoryLock(knex, async () => {
    const [, reverted] = (await knex.migrate.down(config)) as [number, string[]];
    return reverted;
  });
}

export function listMigrationNames(): string[] {
  return Object.keys(migrations).sort();
}

/**
 * An older release started on a newer database (a downgrade) would run code against tables it does not know:
 * refused with the way back, rather than knex's "migration directory is corrupt".
 */
async function refuseNewerSchema(knex: Knex): Promise<void> {
  if (!(await knex.schema.hasTable('knex_migrations'))) return;
  const known = new Set(listMigrationNames());
  const unknown = (await knex('knex_migrations').select<{ name: string }[]>('name')).map((row) => row.name).filter((name) => !known.has(name));
  if (unknown.length === 0) return;
  throw new SchemaNewerThanCodeError(
    `the database was migrated by a newer Atrium (${unknown.sort().join(', ')} unknown to this one): downgrades are not supported; ` +
      'run the newer release, or restore the backup taken before the upgrade (npm run restore ARCHIVE -- --replace)',
  );
}

async function withAdvisoryLock<T>(knex: Knex, work: () => Promise<T>): Promise<T> {
  // The lock is session-scoped, so it is taken and released on one pinned connection.
  const connection = await knex.client.acquireConnection();
  try {
    await knex.raw('select pg_advisory_lock(?)', [MIGRATION_LOCK_KEY]).connection(connection);
    try {
      return await work();
    } finally {
      await knex.raw('select pg_advisory_unlock(?)', [MIGRATION_LOCK_KEY]).connection(connection);
    }
  } finally {
    await knex.client.releaseConnection(connection);
  }
}
