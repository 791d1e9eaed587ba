import { closeSessionClaimsSchema, CONNECTION_PROXY_AUDIENCE } from '@atrium/contracts';
import { createError, parseParams } from '@atrium/http';
import type { Logger } from '@atrium/logging';
import { Router } from 'express';
import jwt from 'jsonwebtoken';
import { z } from 'zod';
import type { SessionStreams } from './session-streams';

/** `POST /v1/sessions/:sessionId/close` from the webapp (HS256 token, 30 s): ends that session's streams. */
export function closeSessionRoutes(deps: { callKey: string; streams: SessionStreams; logger: Logger }): Router {
  return Router().post('/v1/sessions/:sessionId/close', (req, res) => {
    const { sessionId } = parseParams(z.object({ sessionId: z.string().uuid() }), req);
    try {
      const token = req.get('authorization')?.replace(/^Bearer /, '') ?? '';
      const claims = closeSessionClaimsSchema.parse(jwt.verify(token, deps.callKey, { algorithms: ['HS256'], audience: CONNECTION_PROXY_AUDIENCE }));
      if (claims.sid !== sessionId) throw new Error('token is for another session');
    } catch (error) {
      throw createError(401, 'invalid_call_token', `Call refused: ${(error as Error).message}.`);
    }
    const closed = deps.streams.close(sessionId);
    deps.logger.info({ sessionId, closed }, 'session ended: streams closed');
    res.json({ closed });
  });
}
