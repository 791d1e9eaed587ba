import { closeServer, errorHandler, installShutdownHandlers, listen, notFoundHandler, onShutdown } from '@atrium/http';
import { createLogger } from '@atrium/logging';
import express from 'express';
import { loadConnectionProxyConfig } from './config';
import { healthRoutes } from './health/health.routes';

async function main(): Promise<void> {
  const config = loadConnectionProxyConfig();
  const logger = createLogger('connection-proxy', { level: config.LOG_LEVEL });
  installShutdownHandlers(logger);
  const app = express();
  app.disable('x-powered-by');
  app.use(healthRoutes(config));
  app.use(notFoundHandler);
  app.use(errorHandler(logger));
  const server = await listen(app, config.PORT);
  onShutdown('http server', () => closeServer(server));
  logger.info({ port: config.PORT, guacd: `${config.GUACD_HOST}:${config.GUACD_PORT}` }, 'connection proxy listening');
}

main().catch((error: unknown) => {
  createLogger('connection-proxy').fatal({ err: error }, 'connection proxy failed to start');
  process.exit(1);
});
