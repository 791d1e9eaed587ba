import type { RoleHealth } from '@atrium/contracts';
import { Router } from 'express';
import type { ConnectionProxyConfig } from '../config';
import { probeGuacd } from '../guacd/probe-guacd';

/** This role is up when it answers; guacd is reported beside it, for the control plane's platform view. */
export function healthRoutes(config: ConnectionProxyConfig): Router {
  return Router().get('/health', async (_req, res) => {
    const guacd = await probeGuacd(config.GUACD_HOST, config.GUACD_PORT);
    const body: RoleHealth = { service: 'connection-proxy', status: 'ok', components: { guacd } };
    res.json(body);
  });
}
