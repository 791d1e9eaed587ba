import type { Socket } from 'node:net';
import { format } from 'node:util';
import { publicOrigin } from '@atrium/config';
import { installShutdownHandlers, onShutdown, OpenStreams, startRoleServer, TransferBudget } from '@atrium/http';
import { createLogger } from '@atrium/logging';
import { loadConnectionProxyConfig } from './config';
import { guacUpgradeGuard } from './guac/guac-guard';
import { closeSessionRoutes } from './guac/close-session.routes';
import { SessionDrives } from './files/session-drives';
import { remoteEndedReporter, transferReporter } from './guac/control-plane-reports';
import { createGuacamoleServer } from './guac/guacamole-server';
import { healthRoutes } from './health/health.routes';
import { metricsRoutes, remoteStreams } from './metrics/metrics.routes';

const MiB = 1024 * 1024;
/** A drive folder untouched this long at start belongs to a session that ended while this role was down. */
const DRIVE_SWEEP_AGE_MS = 24 * 60 * 60 * 1000;

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
  const reportTransfer = transferReporter(config.CONTROL_PLANE_URL, config.CALL_KEY, logger);
  const budget = new TransferBudget(config.FILES_MAX_FILE_MB * MiB, config.FILES_SESSION_TOTAL_MB * MiB);
  const drives = new SessionDrives(config.DRIVES_DIR, logger);
  const swept = await drives.sweep(DRIVE_SWEEP_AGE_MS);
  if (swept > 0) logger.info({ swept }, 'removed drive folders of sessions that ended while this role was down');
  const guacamole = createGuacamoleServer({
    guacd: { host: config.GUACD_HOST, port: config.GUACD_PORT },
    key: config.CONNECTION_TOKEN_KEY,
    logger,
    streams,
    remoteEnded: (sessionId, reason) => void reportRemoteEnd(sessionId, reason),
    transfers: {
      budget,
      removePartial: (sessionId, path) => void drives.removePartial(sessionId, path),
      report: (sessionId, report) => void reportTransfer(sessionId, report),
    },
  });
  const guard = guacUpgradeGuard({
    key: config.CONNECTION_TOKEN_KEY,
    publicOrigin: publicOrigin(config.PUBLIC_HOSTNAME, config.PUBLIC_PORT),
    logger,
    drivePath: (sessionId) => drives.pathOf(sessionId),
    accept: (req, socket, head, owner) => {
      remoteStreams.track('remote', socket as Socket);
      guacamole.accept(req, socket, head, owner);
    },
  });
  const sessionEnded = async (sessionId: string) => {
    budget.forget(sessionId);
    await drives.remove(sessionId);
  };
  await startRoleServer({
    port: config.PORT,
    logger,
    routes: [healthRoutes(config), closeSessionRoutes({ callKey: config.CALL_KEY, streams, logger, sessionEnded }), metricsRoutes(config.CALL_KEY)],
    onUpgrade: guard,
  });
  onShutdown('guacamole connections', async () => guacamole.close());
  logger.info({ port: config.PORT, guacd: `${config.GUACD_HOST}:${config.GUACD_PORT}` }, 'connection proxy listening');
}

main().catch((error: unknown) => {
  createLogger('connection-proxy').fatal({ err: error }, 'connection proxy failed to start');
  process.exit(1);
});
