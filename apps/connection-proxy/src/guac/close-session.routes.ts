import { closeSessionClaimsSchema, CONNECTION_PROXY_AUDIENCE } from '@atrium/contracts';
import { createError, parseParams, type OpenStreams } from '@atrium/http';
import type { Logger } from '@atrium/logging';
import { Router } from 'express';
import jwt from 'jsonwebtoken';
import { z } from 'zod';

/**
 * `POST /v1/sessions/:sessionId/close` from the webapp (HS256 token, 30 s): ends that session's streams, or
 * only those one browser sign-in opened (the token's `asid`, after a sign-out). A session that ended also loses
 * what this role kept for it (its drive folder, its transfer count).
 */
export function closeSessionRoutes(deps: {
  callKey: string;
  streams: OpenStreams;
  logger: Logger;
  sessionEnded?: (sessionId: string) => Promise<void>;
}): Router {
  return Router().post('/v1/sessions/:sessionId/close', async (req, res) => {
    const { sessionId } = parseParams(z.object({ sessionId: z.string().uuid() }), req);
    let authSessionId: string | undefined;
    try {
      const token = req.get('authorization')?.replace(/^Bearer /, '') ?? '';
      const claims = closeSessionClaimsSchema.parse(jwt.verify(token, deps.callKey, { algorithms: ['HS256'], audience: CONNECTION_PROXY_AUDIENCE }));
      if (claims.sid !== sessionId) throw new Error('token is for another session');
      authSessionId = claims.asid;
    } catch (error) {
      throw createError(401, 'invalid_call_token', `Call refused: ${(error as Error).message}.`);
    }
    const reason = authSessionId ? 'signed out' : 'session ended';
    const closed = deps.streams.close({ sessionId, ...(authSessionId && { authSessionId }) }, reason);
    deps.logger.info({ sessionId, closed, reason }, 'streams closed');
    if (!authSessionId) await deps.sessionEnded?.(sessionId);
    res.json({ closed });
  });
}
