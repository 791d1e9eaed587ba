import { errorHandler, installShutdownHandlers, notFoundHandler, onShutdown, OpenStreams, startRoleServer, TransferBudget } from '@atrium/http';
import { publicOrigin } from '@atrium/config';
import { createLogger } from '@atrium/logging';
import { bridgeLimits, loadAgentConfig, sessionContainersOptions } from './config';
import { ControlPlaneClient } from './control-plane/control-plane-client';
import { ControlPlaneLink } from './control-plane/control-plane-link';
import { desktopUpgradeHandler } from './desktop/desktop-upgrade';
import { listenOnStreamSocket } from './desktop/stream-socket';
import { DockerHost } from './docker/docker-host';
import { ensureEgressNetwork } from './docker/egress-network';
import { WorkspaceSound } from './audio/workspace-sound';
import { filesRoutes } from './files/files.routes';
import { WorkspaceFiles } from './files/workspace-files';
import { healthRoutes } from './health/health.routes';
import express from 'express';
import { SessionContainers } from './sessions/session-containers';
import { sessionRoutes } from './sessions/sessions.routes';
import { metricsRoutes } from './metrics/metrics.routes';
import { labelAgent } from './metrics/stream-metrics';

const VERSION = '0.1.0';
const MiB = 1024 * 1024;

async function main(): Promise<void> {
  const config = loadAgentConfig();
  const logger = createLogger('agent', { level: config.LOG_LEVEL });
  installShutdownHandlers(logger);
  const docker = new DockerHost(config.DOCKER_SOCKET);
  await ensureEgressNetwork(docker.docker, { name: config.WORKSPACE_EGRESS_NETWORK, bridge: config.WORKSPACE_EGRESS_BRIDGE });
  const containers = new SessionContainers(docker.docker, sessionContainersOptions(config), logger);
  const streams = new OpenStreams();
  const transfers = new TransferBudget(config.FILES_MAX_FILE_MB * MiB, config.FILES_SESSION_TOTAL_MB * MiB);
  const overrides = {
    cores: config.AGENT_CORES,
    memoryMb: config.AGENT_MEMORY_MB,
    cpuOvercommit: config.AGENT_CPU_OVERCOMMIT,
    memoryReserveMb: config.AGENT_MEMORY_RESERVE_MB,
  };

  const link = new ControlPlaneLink(
    new ControlPlaneClient(config.CONTROL_PLANE_URL, config.AGENT_REGISTRATION_TOKEN),
    async () => ({
      name: config.AGENT_NAME,
      apiUrl: config.AGENT_API_URL,
      ...(config.AGENT_STREAM_SOCKET && { streamSocket: config.AGENT_STREAM_SOCKET }),
      capacity: await docker.capacity(overrides),
      version: VERSION,
    }),
    async () => ({ capacity: await docker.capacity(overrides), ...(await containers.report()) }),
    logger,
    config.REGISTRATION_BACKOFF_MAX_MS,
    async ({ orphans }) => {
      // Containers this agent labelled for sessions the control plane has no live record of.
      for (const sessionId of orphans) {
        streams.close({ sessionId }, 'session ended');
        await containers.destroy(sessionId);
        logger.warn({ sessionId }, 'orphan session container removed');
      }
    },
  );
  const agentId = () => link.state.agentId;
  labelAgent(config.AGENT_NAME);

  const desktop = desktopUpgradeHandler({
    containers,
    sound: new WorkspaceSound((sessionId) => containers.containerOf(sessionId)),
    streams,
    publicKey: config.TOKEN_VERIFY_KEY,
    publicOrigin: publicOrigin(config.PUBLIC_HOSTNAME, config.PUBLIC_PORT),
    agentId,
    logger,
    limits: bridgeLimits(config),
  });
  const files = filesRoutes({
    files: new WorkspaceFiles((sessionId) => containers.containerOf(sessionId)),
    budget: transfers,
    publicKey: config.TOKEN_VERIFY_KEY,
    publicOrigin: publicOrigin(config.PUBLIC_HOSTNAME, config.PUBLIC_PORT),
    agentId,
    report: (report) => link.reportTransfer(report),
    logger,
  });
  await startRoleServer({
    port: config.PORT,
    logger,
    jsonLimit: '64kb',
    routes: [
      healthRoutes(docker, link.state),
      sessionRoutes({ containers, streams, publicKey: config.TOKEN_VERIFY_KEY, agentId, logger }),
      metricsRoutes({ publicKey: config.TOKEN_VERIFY_KEY, agentId }),
      files,
    ],
    onUpgrade: desktop,
  });
  if (config.AGENT_STREAM_SOCKET) {
    const socketApp = express().disable('x-powered-by').use(files).use(notFoundHandler).use(errorHandler(logger));
    await listenOnStreamSocket(config.AGENT_STREAM_SOCKET, desktop, socketApp, logger);
  }
  onShutdown('control plane link', () => link.close());
  link.start();
  logger.info({ port: config.PORT, agentName: config.AGENT_NAME }, 'agent listening');
}

main().catch((error: unknown) => {
  createLogger('agent').fatal({ err: error }, 'agent failed to start');
  process.exit(1);
});
