import { updateAgentSchema } from '@atrium/contracts';
import { parseBody, parseParams } from '@atrium/http';
import { Router } from 'express';
import { z } from 'zod';
import { actorOf } from '../auth/auth-context';
import { requireAdmin, requireAuth } from '../auth/authenticate.middleware';
import type { AppContext } from '../context';
import { listAgents, setAgentEnabled } from './agent-admin.use-cases';

const agentParams = z.object({ agentId: z.string().uuid() });

/** Administrators see the agents and take them in or out of scheduling (registration is on the internal listener). */
export function agentAdminRoutes(ctx: AppContext): Router {
  const router = Router();
  router.use(requireAdmin);

  router.get('/', async (_req, res) => {
    res.json(await listAgents(ctx));
  });

  router.patch('/:agentId', async (req, res) => {
    const { agentId } = parseParams(agentParams, req);
    const { enabled } = parseBody(updateAgentSchema, req);
    await setAgentEnabled(ctx, actorOf(requireAuth(res)), agentId, enabled);
    res.status(204).end();
  });
  return router;
}
