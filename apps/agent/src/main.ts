import { errorHandler, closeServer, installShutdownHandlers, listen, notFoundHandler, onShutdown } from '@atrium/http';
import { createLogger } from '@atrium/logging';
import express from 'express';
import { loadAgentConfig } from './config';
import { ControlPlaneClient } from './control-plane/control-plane-client';
import { ControlPlaneLink } from './control-plane/control-plane-link';
import { DockerHost } from './docker/docker-host';
import { healthRoutes } from './health/health.routes';

const VERSION = '0.1.0';

async function main(): Promise<void> {
  const config = loadAgentConfig();
  const logger = createLogger('agent', { level: config.LOG_LEVEL });
  installShutdownHandlers(logger);
  const docker = new DockerHost(config.DOCKER_SOCKET);
  const overrides = { cores: config.AGENT_CORES, memoryMb: config.AGENT_MEMORY_MB };

  const link = new ControlPlaneLink(
    new ControlPlaneClient(config.CONTROL_PLANE_URL, config.AGENT_REGISTRATION_TOKEN),
    async () => ({ name: config.AGENT_NAME, apiUrl: config.AGENT_API_URL, capacity: await docker.capacity(overrides), version: VERSION }),
    async () => ({
      capacity: await docker.capacity(overrides),
      allocated: { cores: 0, memoryMb: 0 },
      containers: await docker.sessionContainers(),
    }),
    logger,
    config.REGISTRATION_BACKOFF_MAX_MS,
  );

  const app = express();
  app.disable('x-powered-by');
  app.use(healthRoutes(docker, link.state));
  app.use(notFoundHandler);
  app.use(errorHandler(logger));
  const server = await listen(app, config.PORT);
  onShutdown('http server', () => closeServer(server));
  onShutdown('control plane link', () => link.close());
  link.start();
  logger.info({ port: config.PORT, agentName: config.AGENT_NAME }, 'agent listening');
}

main().catch((error: unknown) => {
  createLogger('agent').fatal({ err: error }, 'agent failed to start');
  process.exit(1);
});
