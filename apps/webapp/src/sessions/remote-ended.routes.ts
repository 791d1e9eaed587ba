import { remoteEndedClaimsSchema, WEBAPP_AUDIENCE } from '@atrium/contracts';
import { createError, parseParams } from '@atrium/http';
import { Router, type Request } from 'express';
import jwt from 'jsonwebtoken';
import { z } from 'zod';
import type { AppContext } from '../context';
import { endRemoteSession } from './end-remote-session.use-case';

const sessionParams = z.object({ sessionId: z.string().uuid() });

/** The connection proxy's report, verified: HS256 with the key only the two share, for this one session. */
function verifiedClaims(ctx: AppContext, req: Request, sessionId: string) {
  try {
    const token = req.get('authorization')?.replace(/^Bearer /, '') ?? '';
    const claims = remoteEndedClaimsSchema.parse(jwt.verify(token, ctx.config.CONNECTION_PROXY_CALL_KEY, { algorithms: ['HS256'], audience: WEBAPP_AUDIENCE }));
    if (claims.sid !== sessionId) throw new Error('token is for another session');
    return claims;
  } catch (error) {
    throw createError(401, 'invalid_call_token', `Call refused: ${(error as Error).message}.`);
  }
}

/** `POST /internal/sessions/:sessionId/remote-ended` on the internal listener: guacd ended the connection. */
export function remoteEndedRoutes(ctx: AppContext): Router {
  return Router({ caseSensitive: true, strict: true }).post('/sessions/:sessionId/remote-ended', async (req, res) => {
    const { sessionId } = parseParams(sessionParams, req);
    const claims = verifiedClaims(ctx, req, sessionId);
    const session = await endRemoteSession(ctx, sessionId, claims.reason);
    res.json({ state: session.state });
  });
}
