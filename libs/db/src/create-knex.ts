import type { Logger } from '@atrium/logging';
import knexFactory, { type Knex } from 'knex';

export interface DatabaseSettings {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
  poolMax?: number;
}

/** The only place a knex instance is made; its warnings and errors go to the role's pino logger. */
export function createKnex(settings: DatabaseSettings, logger: Logger): Knex {
  const { poolMax = 10, ...connection } = settings;
  return knexFactory({
    client: 'pg',
    connection: { ...connection, application_name: 'atrium' },
    pool: { min: 0, max: poolMax },
    acquireConnectionTimeout: 10_000,
    log: {
      warn: (message: unknown) => logger.warn({ knex: message }, 'knex warning'),
      error: (message: unknown) => logger.error({ knex: message }, 'knex error'),
      deprecate: (message: unknown) => logger.warn({ knex: message }, 'knex deprecation'),
      debug: (message: unknown) => logger.debug({ knex: message }, 'knex debug'),
    },
  });
}
