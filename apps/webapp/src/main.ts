import { createKnex, migrateLatest } from '@atrium/db';
import { closeServer, installShutdownHandlers, listen, onShutdown } from '@atrium/http';
import { createLogger } from '@atrium/logging';
import { buildApp } from './app';
import { buildInternalApp } from './internal-app';
import { ensureAdminUser } from './bootstrap/ensure-admin-user';
import { loadWebappConfig } from './config';
import { createAppContext } from './context';
import { SessionReaper } from './sessions/session-reaper';
import { StagingFiller } from './staging/staging-filler';

async function main(): Promise<void> {
  const config = loadWebappConfig();
  const logger = createLogger('webapp', { level: config.LOG_LEVEL });
  installShutdownHandlers(logger);
  const knex = createKnex({ host: config.DB_HOST, port: config.DB_PORT, database: config.DB_NAME, user: config.DB_USER, password: config.DB_PASSWORD }, logger);
  onShutdown('database pool', () => knex.destroy());

  if (config.MIGRATE_ON_START) {
    const applied = await migrateLatest(knex);
    logger.info({ applied }, applied.length ? 'database migrated' : 'database schema up to date');
  }
  const ctx = createAppContext(config, knex, logger);
  await ensureAdminUser(ctx);

  const server = await listen(buildApp(ctx), config.PORT);
  onShutdown('http server', () => closeServer(server));
  const internal = await listen(buildInternalApp(ctx), config.INTERNAL_PORT);
  onShutdown('internal http server', () => closeServer(internal));
  const reaper = new SessionReaper(ctx);
  reaper.start();
  onShutdown('session reaper', () => reaper.close());
  const staging = new StagingFiller(ctx);
  staging.start();
  onShutdown('staging pools', () => staging.close());
  logger.info({ port: config.PORT, internalPort: config.INTERNAL_PORT }, 'webapp listening');
}

main().catch((error: unknown) => {
  createLogger('webapp').fatal({ err: error }, 'webapp failed to start');
  process.exit(1);
});
