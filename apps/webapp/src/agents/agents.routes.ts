import { AGENT_REGISTRATION_HEADER, agentHeartbeatSchema, agentRegistrationRequestSchema, transferReportSchema } from '@atrium/contracts';
import { parseBody, parseParams } from '@atrium/http';
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context';
import { recordHeartbeat } from './record-heartbeat.use-case';
import { recordTransfer } from './record-transfer.use-case';
import { registerAgent } from './register-agent.use-case';

const agentParams = z.object({ agentId: z.string().uuid() });

const bearer = (header: string | undefined) => (header?.startsWith('Bearer ') ? header.slice(7) : undefined);

/** Machine-to-machine routes: agents authenticate with the registration token, then with their own secret. */
export function agentRoutes(ctx: AppContext): Router {
  const router = Router({ caseSensitive: true, strict: true });

  router.post('/register', async (req, res) => {
    const input = parseBody(agentRegistrationRequestSchema, req);
    res.status(201).json(await registerAgent(ctx, req.get(AGENT_REGISTRATION_HEADER), input));
  });

  router.put('/:agentId/heartbeat', async (req, res) => {
    const { agentId } = parseParams(agentParams, req);
    const heartbeat = parseBody(agentHeartbeatSchema, req);
    res.json(await recordHeartbeat(ctx, agentId, bearer(req.get('authorization')), heartbeat));
  });

  router.post('/:agentId/transfers', async (req, res) => {
    const { agentId } = parseParams(agentParams, req);
    const report = parseBody(transferReportSchema, req);
    await recordTransfer(ctx, agentId, bearer(req.get('authorization')), report);
    res.status(204).end();
  });

  return router;
}
