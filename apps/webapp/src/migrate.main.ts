import { createKnex, ensureAppRole, migrateLatest } from '@atrium/db';
import { createLogger } from '@atrium/logging';
import { loadMigrateConfig } from './config';

/**
 * The one-shot migration step, run by the `migrate` service before the webapp starts: as the database owner
 * (the only holder of that password), apply pending migrations under the advisory lock, then create or
 * update the webapp's own role, which may read and write rows but not change the schema.
 */
async function main(): Promise<void> {
  const config = loadMigrateConfig();
  const logger = createLogger('migrate', { level: config.LOG_LEVEL });
  const owner = createKnex(
    { host: config.DB_HOST, port: config.DB_PORT, database: config.DB_NAME, user: config.DB_USER, password: config.DB_PASSWORD },
    logger,
  );
  try {
    const applied = await migrateLatest(owner);
    logger.info({ applied }, applied.length ? 'database migrated' : 'database schema up to date');
    await ensureAppRole(owner, { name: config.APP_DB_USER, password: config.APP_DB_PASSWORD });
    logger.info({ role: config.APP_DB_USER }, "webapp's database role ready");
  } finally {
    await owner.destroy();
  }
}

main().catch((error: unknown) => {
  createLogger('migrate').fatal({ err: error }, 'migration failed');
  process.exit(1);
});
