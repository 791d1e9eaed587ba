import { AUTH_UPSTREAM_HEADER, CONNECT_TOKEN_HEADER, DESKTOP_STREAM_PATTERN } from '@atrium/contracts';
import { createError } from '@atrium/http';
import { Router } from 'express';
import { requireAuth } from '../auth/authenticate.middleware';
import { publicOrigin } from '../config';
import type { AppContext } from '../context';
import { authorizeDesktop } from './authorize-desktop.use-case';

/**
 * `GET /internal/desktop-authorization` on the internal listener, called by kasm_proxy's auth_request (never
 * by browsers: the public listener does not serve it). The original URI names the session.
 */
export function desktopAuthorizationRoutes(ctx: AppContext): Router {
  const origin = publicOrigin(ctx.config);
  return Router({ caseSensitive: true, strict: true }).get('/desktop-authorization', async (req, res) => {
    const auth = requireAuth(res);
    if (req.get('origin') !== origin) throw createError(403, 'bad_origin', 'WebSocket origin is not allowed.');
    const sessionId = DESKTOP_STREAM_PATTERN.exec(req.get('x-original-uri') ?? '')?.[1];
    if (!sessionId) throw createError(403, 'bad_desktop_uri', 'Not a desktop stream.');
    const grant = await authorizeDesktop(ctx, auth, sessionId);
    res.setHeader(AUTH_UPSTREAM_HEADER, grant.upstream);
    res.setHeader(CONNECT_TOKEN_HEADER, grant.connectToken);
    res.setHeader('Cache-Control', 'no-store');
    res.status(204).end();
  });
}
