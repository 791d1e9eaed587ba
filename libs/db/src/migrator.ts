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

/** Applies pending migrations under a PostgreSQL advisory lock; returns the names applied. */
export async function migrateLatest(knex: Knex): Promise<string[]> {
  return withAdvisoryLock(knex, async () => {
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
