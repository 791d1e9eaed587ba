import {
  agentCallClaimsSchema,
  claimSessionSchema,
  containerActionSchema,
  execRequestSchema,
  provisionRequestSchema,
  type AgentCallClaims,
  type ContainerAction,
  type DestroyResponse,
} from '@atrium/contracts';
import { createError, parseBody, parseParams, type OpenStreams } from '@atrium/http';
import type { Logger } from '@atrium/logging';
import { Router, type Request } from 'express';
import { z } from 'zod';
import { TokenRejectedError, verifyAgentToken } from '../auth/verify-token';
import { describeDockerError, NoContainerError, ProvisionError, type SessionContainers } from './session-containers';

const sessionParams = z.object({ sessionId: z.string().uuid() });
const actionParams = sessionParams.extend({ action: containerActionSchema });
const profileParams = z.object({ userId: z.string().uuid(), workspaceId: z.string().uuid().optional() });

/** What each action does to the session's open streams: a paused or stopped desktop cannot be watched. */
const CLOSES_STREAMS: Record<ContainerAction, string | undefined> = { pause: 'session paused', stop: 'session stopped', resume: undefined, start: undefined };

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

  router.post('/v1/sessions/:sessionId/claim', async (req, res) => {
    const { sessionId } = parseParams(sessionParams, req);
    authorize(req, 'claim', sessionId);
    const { ownerId } = parseBody(claimSessionSchema, req);
    try {
      await deps.containers.claim(sessionId, ownerId);
    } catch (error) {
      if (error instanceof NoContainerError) throw createError(404, 'no_container', error.message);
      throw error;
    }
    deps.logger.info({ sessionId }, 'staged container claimed; its VNC password rotated');
    res.status(204).end();
  });

  router.delete('/v1/sessions/:sessionId', async (req, res) => {
    const { sessionId } = parseParams(sessionParams, req);
    authorize(req, 'destroy', sessionId);
    const closed = deps.streams.close({ sessionId }, 'session ended');
    const profileBytes = await deps.containers.destroy(sessionId);
    deps.logger.info({ sessionId, closedStreams: closed }, 'session container removed');
    res.json({ profileBytes } satisfies DestroyResponse);
  });

  /** Deletes a user's kept homes (one workspace's, or all): the token names the user, and the workspace if one. */
  router.delete(['/v1/profiles/:userId', '/v1/profiles/:userId/:workspaceId'], async (req, res) => {
    const { userId, workspaceId } = parseParams(profileParams, req);
    const claims = authorize(req, 'profile-reset', userId);
    if (claims.wsp !== workspaceId) throw createError(401, 'invalid_call_token', 'Call refused: token is for another profile.');
    await deps.containers.profiles.remove(userId, workspaceId);
    deps.logger.info({ userId, workspaceId: workspaceId ?? 'all' }, 'kept home deleted');
    res.status(204).end();
  });

  router.post('/v1/sessions/:sessionId/streams/close', (req, res) => {
    const { sessionId } = parseParams(sessionParams, req);
    const { asid, shr } = authorize(req, 'close-streams', sessionId);
    const reason = shr ? 'share revoked' : asid ? 'signed out' : 'closed by the control plane';
    const closed = deps.streams.close({ sessionId, ...(asid && { authSessionId: asid }), ...(shr && { shareId: shr }) }, reason);
    deps.logger.info({ sessionId, closed }, 'desktop streams closed');
    res.json({ closed });
  });

  router.post('/v1/sessions/:sessionId/exec', async (req, res) => {
    const { sessionId } = parseParams(sessionParams, req);
    authorize(req, 'exec', sessionId);
    const request = parseBody(execRequestSchema, req);
    try {
      const result = await deps.containers.exec(sessionId, request);
      deps.logger.info({ sessionId, exitCode: result.exitCode, timedOut: result.timedOut }, 'command run in a workspace');
      res.json(result);
    } catch (error) {
      if (error instanceof NoContainerError) throw createError(404, 'no_container', error.message);
      throw createError(409, 'exec_failed', `Could not run the command: ${describeDockerError(error)}.`);
    }
  });

  router.post('/v1/sessions/:sessionId/:action', async (req, res) => {
    const { sessionId, action } = parseParams(actionParams, req);
    authorize(req, action, sessionId);
    const reason = CLOSES_STREAMS[action];
    if (reason) deps.streams.close({ sessionId }, reason);
    try {
      await deps.containers[action](sessionId);
    } catch (error) {
      if (error instanceof NoContainerError) throw createError(404, 'no_container', error.message);
      throw createError(409, 'container_action_failed', `Could not ${action} the session: ${describeDockerError(error)}.`);
    }
    deps.logger.info({ sessionId, action }, 'session container changed');
    res.status(204).end();
  });

  return router;
}
