import { agentCallClaimsSchema, provisionRequestSchema, type AgentCallClaims } from '@atrium/contracts';
import { createError, parseBody, parseParams, type OpenStreams } from '@atrium/http';
import type { Logger } from '@atrium/logging';
import { Router, type Request } from 'express';
import { z } from 'zod';
import { TokenRejectedError, verifyAgentToken } from '../auth/verify-token';
import { ProvisionError, type SessionContainers } from './session-containers';

const sessionParams = z.object({ sessionId: z.string().uuid() });

const bearer = (req: Request) => req.get('authorization')?.replace(/^Bearer /, '');

/** The control plane's calls: each carries a seconds-lived token for exactly this action and session. */
export interface SessionRoutesDeps {
  containers: SessionContainers;
  streams: OpenStreams;
  publicKey: string;
  agentId: () => string | undefined;
  logger: Logger;
}

export function sessionRoutes(deps: SessionRoutesDeps): Router {
  const router = Router();

  const authorize = (req: Request, action: AgentCallClaims['act'], sessionId: string) => {
    try {
      const claims = verifyAgentToken(bearer(req), deps.publicKey, deps.agentId(), agentCallClaimsSchema);
      if (claims.act !== action || claims.sid !== sessionId) throw new TokenRejectedError('token is for another action or session');
      return claims;
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
    const { sessionId } = parseParams(sessionParams, req);
    authorize(req, 'destroy', sessionId);
    const closed = deps.streams.close({ sessionId }, 'session ended');
    await deps.containers.destroy(sessionId);
    deps.logger.info({ sessionId, closedStreams: closed }, 'session container removed');
    res.status(204).end();
  });

  router.post('/v1/sessions/:sessionId/streams/close', (req, res) => {
    const { sessionId } = parseParams(sessionParams, req);
    const { asid } = authorize(req, 'close-streams', sessionId);
    const closed = deps.streams.close({ sessionId, ...(asid && { authSessionId: asid }) }, asid ? 'signed out' : 'closed by the control plane');
    deps.logger.info({ sessionId, closed }, 'desktop streams closed');
    res.json({ closed });
  });

  return router;
}
