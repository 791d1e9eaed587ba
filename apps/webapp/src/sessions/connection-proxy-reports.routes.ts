import { remoteEndedClaimsSchema, remoteTransferClaimsSchema, transferReportSchema, WEBAPP_AUDIENCE } from '@atrium/contracts';
import { createError, parseBody, parseParams } from '@atrium/http';
import { Router, type Request } from 'express';
import jwt from 'jsonwebtoken';
import { z } from 'zod';
import type { AppContext } from '../context';
import { endRemoteSession } from './end-remote-session.use-case';
import { recordRemoteTransfer } from './record-remote-transfer.use-case';

const sessionParams = z.object({ sessionId: z.string().uuid() });

/** The connection proxy's report, verified: HS256 with the key only the two share, of its kind, for this one session. */
function verifiedClaims<T extends { sid: string }>(ctx: AppContext, req: Request, sessionId: string, schema: z.ZodType<T>): T {
  try {
    const token = req.get('authorization')?.replace(/^Bearer /, '') ?? '';
    const claims = schema.parse(jwt.verify(token, ctx.config.CONNECTION_PROXY_CALL_KEY, { algorithms: ['HS256'], audience: WEBAPP_AUDIENCE }));
    if (claims.sid !== sessionId) throw new Error('token is for another session');
    return claims;
  } catch (error) {
    throw createError(401, 'invalid_call_token', `Call refused: ${(error as Error).message}.`);
  }
}

/**
 * The connection proxy's reports on the internal listener: `POST /internal/sessions/:sessionId/remote-ended`
 * (guacd ended the connection) and `.../remote-transfers` (a file crossed, or was refused, for the audit log).
 */
export function connectionProxyReportRoutes(ctx: AppContext): Router {
  return Router({ caseSensitive: true, strict: true })
    .post('/sessions/:sessionId/remote-ended', async (req, res) => {
      const { sessionId } = parseParams(sessionParams, req);
      const claims = verifiedClaims(ctx, req, sessionId, remoteEndedClaimsSchema);
      const session = await endRemoteSession(ctx, sessionId, claims.reason);
      res.json({ state: session.state });
    })
    .post('/sessions/:sessionId/remote-transfers', async (req, res) => {
      const { sessionId } = parseParams(sessionParams, req);
      verifiedClaims(ctx, req, sessionId, remoteTransferClaimsSchema);
      const report = parseBody(transferReportSchema, req);
      if (report.sessionId !== sessionId) throw createError(400, 'session_mismatch', 'The report is for another session.');
      await recordRemoteTransfer(ctx, report);
      res.status(204).end();
    });
}
