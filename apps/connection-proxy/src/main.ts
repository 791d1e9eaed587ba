import { format } from 'node:util';
import { publicOrigin } from '@atrium/config';
import { installShutdownHandlers, onShutdown, OpenStreams, startRoleServer } from '@atrium/http';
import { createLogger } from '@atrium/logging';
import { loadConnectionProxyConfig } from './config';
import { guacUpgradeGuard } from './guac/guac-guard';
import { closeSessionRoutes } from './guac/close-session.routes';
import { remoteEndedReporter } from './guac/control-plane-reports';
import { createGuacamoleServer } from './guac/guacamole-server';
import { healthRoutes } from './health/health.routes';

async function main(): Promise<void> {
  const config = loadConnectionProxyConfig();
  const logger = createLogger('connection-proxy', { level: config.LOG_LEVEL });
  // guacamole-lite writes some lines with console.log; keep this role's output JSON lines only.
  // eslint-disable-next-line no-console
  console.log = (...args: unknown[]) => logger.info({ guacamoleLite: format(...args) });
  // eslint-disable-next-line no-console
  console.error = (...args: unknown[]) => logger.warn({ guacamoleLite: format(...args) });
  installShutdownHandlers(logger);

  const streams = new OpenStreams();
  const reportRemoteEnd = remoteEndedReporter(config.CONTROL_PLANE_URL, config.CALL_KEY, logger);
  const guacamole = createGuacamoleServer(
    { host: config.GUACD_HOST, port: config.GUACD_PORT },
    config.CONNECTION_TOKEN_KEY,
    logger,
    streams,
    (sessionId, reason) => {
      void reportRemoteEnd(sessionId, reason);
    },
  );
  const guard = guacUpgradeGuard({
    key: config.CONNECTION_TOKEN_KEY,
    publicOrigin: publicOrigin(config.PUBLIC_HOSTNAME, config.PUBLIC_PORT),
    logger,
    accept: guacamole.accept,
  });
  await startRoleServer({
    port: config.PORT,
    logger,
    routes: [healthRoutes(config), closeSessionRoutes({ callKey: config.CALL_KEY, streams, logger })],
    onUpgrade: guard,
  });
  onShutdown('guacamole connections', async () => guacamole.close());
  logger.info({ port: config.PORT, guacd: `${config.GUACD_HOST}:${config.GUACD_PORT}` }, 'connection proxy listening');
}

main().catch((error: unknown) => {
  createLogger('connection-proxy').fatal({ err: error }, 'connection proxy failed to start');
  process.exit(1);
});
