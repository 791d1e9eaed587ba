import type { ComponentHealth, RoleHealth } from '@atrium/contracts';
import { Router } from 'express';
import type { LinkState } from '../control-plane/control-plane-link';
import type { DockerHost } from '../docker/docker-host';

/** Healthy when Docker answers and the control plane has accepted this agent's registration. */
export function healthRoutes(docker: DockerHost, link: LinkState): Router {
  return Router().get('/health', async (_req, res) => {
    const dockerHealth: ComponentHealth = await docker.ping().then(
      () => ({ status: 'ok' }),
      (error: Error) => ({ status: 'down', detail: error.message }),
    );
    const controlPlane: ComponentHealth = link.agentId ? { status: 'ok' } : { status: 'down', detail: 'not registered yet' };
    const status = dockerHealth.status === 'ok' && controlPlane.status === 'ok' ? 'ok' : 'down';
    const body: RoleHealth = { service: 'agent', status, components: { docker: dockerHealth, controlPlane } };
    res.status(status === 'ok' ? 200 : 503).json(body);
  });
}
