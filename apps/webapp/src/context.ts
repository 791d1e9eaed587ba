import type { Knex } from '@atrium/db';
import type { Logger } from '@atrium/logging';
import type { WebappConfig } from './config';

/** What every route and use case is built from; use cases take `knex` so callers can pass a transaction. */
export interface AppContext {
  config: WebappConfig;
  knex: Knex;
  logger: Logger;
}
