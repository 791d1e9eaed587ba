import { agentCallClaimsSchema, provisionRequestSchema } from '@atrium/contracts';
import { createError, parseBody, parseParams } from '@atrium/http';
import type { Logger } from '@atrium/logging';
import { Router, type Request } from 'express';
import { z } from 'zod';
import { TokenRejectedError, verifyAgentToken } from '../auth/verify-token';
import { ProvisionError, type SessionContainers } from './session-containers';

const bearer = (req: Request) => req.get('authorization')?.replace(/^Bearer /, '');

/** The control plane's calls: each carries a seconds-lived token for exactly this action and session. */
export function sessionRoutes(deps: { containers: SessionContainers; publicKey: string; agentId: () => string | undefined; logger: Logger }): Router {
  const router = Router();

  const authorize = (req: Request, action: 'provision' | 'destroy', sessionId: string) => {
    try {
      const claims = verifyAgentToken(bearer(req), deps.publicKey, deps.agentId(), agentCallClaimsSchema);
      if (claims.act !== action || claims.sid !== sessionId) throw new TokenRejectedError('token is for another action or session');
    } catch (error) {
      throw createError(401, 'invalid_call_token', `Call refused: ${(error as Error).message}.`);
    }
  };

  router.post('/v1/sessions', async (req, res) => {
    const request = parseBody(provisionRequestSchema, req);
    authorize(req, 'provision', request.sessionId);
    try {
      const result = await deps.containers.provision(request);
      deps.logger.info({ sessionId: request.sessionId, containerId: result.containerId, readyAfterMs: result.readyAfterMs }, 'session container running');
      res.status(201).json(result);
    } catch (error) {
      if (!(error instanceof ProvisionError)) throw error;
      deps.logger.warn({ sessionId: request.sessionId, reason: error.message }, 'provisioning failed');
      throw createError(422, 'provision_failed', error.message);
    }
  });

  router.delete('/v1/sessions/:sessionId', async (req, res) => {
    const { sessionId } = parseParams(z.object({ sessionId: z.string().uuid() }), req);
    authorize(req, 'destroy', sessionId);
    await deps.containers.destroy(sessionId);
    deps.logger.info({ sessionId }, 'session container removed');
    res.status(204).end();
  });

  return router;
}
