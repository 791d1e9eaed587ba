import { ConnectionTokenError, openConnectionToken } from '@atrium/connection-token';
import { createError } from '@atrium/http';
import { Router } from 'express';
import { requireAuth } from '../auth/authenticate.middleware';
import { publicOrigin } from '../config';
import type { AppContext } from '../context';
import { findOwnSession } from './find-own-session';

/**
 * `GET /internal/remote-authorization` on the internal listener, kasm_proxy's auth_request for `/guac/?token=…`: the signed-in
 * user must own the token's session, and the session must still be running.
 */
export function remoteAuthorizationRoutes(ctx: AppContext): Router {
  const origin = publicOrigin(ctx.config);
  return Router({ caseSensitive: true, strict: true }).get('/remote-authorization', async (req, res) => {
    const auth = requireAuth(res);
    if (req.get('origin') !== origin) throw createError(403, 'bad_origin', 'WebSocket origin is not allowed.');
    const uri = new URL(req.get('x-original-uri') ?? '/', 'http://kasm-proxy');
    let sessionId: string;
    try {
      sessionId = openConnectionToken(uri.searchParams.get('token'), ctx.config.CONNECTION_TOKEN_KEY).sid;
    } catch (error) {
      if (error instanceof ConnectionTokenError) throw createError(403, 'bad_connection_token', error.message);
      throw error;
    }
    const session = await findOwnSession(ctx, auth, sessionId);
    if (session.userId !== auth.user.id) throw createError(403, 'not_session_owner', 'This session belongs to someone else.');
    if (session.state !== 'running') throw createError(403, 'session_not_running', 'This session is not running.');
    res.setHeader('Cache-Control', 'no-store');
    res.status(204).end();
  });
}
