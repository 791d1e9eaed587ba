import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '@atrium/logging';
import express, { type RequestHandler } from 'express';
import { errorHandler, notFoundHandler } from './error-handler';
import { closeServer, listen } from './server-lifecycle';
import { onShutdown } from './shutdown';

export interface RoleServerOptions {
  port: number;
  logger: Logger;
  /** The role's routers, mounted in order. */
  routes: RequestHandler[];
  /** Parse JSON bodies up to this size (e.g. `64kb`); none when the role takes no JSON. */
  jsonLimit?: string;
  /** WebSocket upgrades (desktop or Guacamole streams): the handler checks them before accepting. */
  onUpgrade?: (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
}

/**
 * The HTTP server of a role: its routes between the same prelude (no framework banner, bounded JSON) and
 * epilogue (404 and every error in the envelope), listening, and closed gracefully on shutdown.
 */
export async function startRoleServer(options: RoleServerOptions): Promise<Server> {
  const app = express();
  app.disable('x-powered-by');
  if (options.jsonLimit) app.use(express.json({ limit: options.jsonLimit }));
  for (const route of options.routes) app.use(route);
  app.use(notFoundHandler);
  app.use(errorHandler(options.logger));
  const server = await listen(app, options.port);
  if (options.onUpgrade) server.on('upgrade', options.onUpgrade);
  onShutdown('http server', () => closeServer(server));
  return server;
}
