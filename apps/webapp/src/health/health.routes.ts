import type { RoleHealth } from '@atrium/contracts';
import { Router } from 'express';
import type { AppContext } from '../context';
import { checkDatabase, checkPlatform } from './check-platform';

/** `/health`: this role (for its container health check). */
export function roleHealthRoute(ctx: AppContext): Router {
  return Router().get('/health', async (_req, res) => {
    const database = await checkDatabase(ctx);
    const body: RoleHealth = { service: 'webapp', status: database.status, components: { database } };
    res.status(database.status === 'ok' ? 200 : 503).json(body);
  });
}

/** `/api/health`: the whole platform as the control plane sees it; 503 when any role is down. */
export function platformHealthRoute(ctx: AppContext): Router {
  return Router().get('/health', async (_req, res) => {
    const health = await checkPlatform(ctx);
    res.status(health.status === 'ok' ? 200 : 503).json(health);
  });
}
