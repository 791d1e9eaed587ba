import { agentCallClaimsSchema } from '@atrium/contracts';
import { createError } from '@atrium/http';
import { Router } from 'express';
import { verifyAgentToken } from '../auth/verify-token';
import { registry } from './stream-metrics';

/** `GET /v1/metrics` for the control plane only (a call token for `metrics` naming this agent), as JSON to merge. */
export function metricsRoutes(deps: { publicKey: string; agentId: () => string | undefined }): Router {
  const router = Router();
  router.get('/v1/metrics', async (req, res) => {
    try {
      const claims = verifyAgentToken(req.get('authorization')?.replace(/^Bearer /, ''), deps.publicKey, deps.agentId(), agentCallClaimsSchema);
      if (claims.act !== 'metrics' || claims.sid !== deps.agentId()) throw new Error('token is for another action or agent');
    } catch (error) {
      throw createError(401, 'invalid_call_token', `Call refused: ${(error as Error).message}.`);
    }
    res.json(await registry.getMetricsAsJSON());
  });
  return router;
}
