import { AUTH_UPSTREAM_HEADER, CONNECT_TOKEN_HEADER, DESKTOP_AUDIO_PATTERN, DESKTOP_STREAM_PATTERN } from '@atrium/contracts';
import { createError } from '@atrium/http';
import { Router, type Request } from 'express';
import type { AuthContext } from '../auth/auth-context';
import { requireAuth } from '../auth/authenticate.middleware';
import { publicOrigin } from '../config';
import type { AppContext } from '../context';
import { refusalForNginx } from './auth-request-refusal';
import { authorizeDesktop } from './authorize-desktop.use-case';

async function grantFor(ctx: AppContext, req: Request, auth: AuthContext, origin: string) {
  if (req.get('origin') !== origin) throw createError(403, 'bad_origin', 'WebSocket origin is not allowed.');
  const uri = req.get('x-original-uri') ?? '';
  const desktop = DESKTOP_STREAM_PATTERN.exec(uri)?.[1];
  if (desktop) return authorizeDesktop(ctx, auth, desktop, 'desktop');
  const audio = DESKTOP_AUDIO_PATTERN.exec(uri)?.[1];
  if (audio) return authorizeDesktop(ctx, auth, audio, 'audio');
  throw createError(403, 'bad_desktop_uri', 'Not a desktop stream.');
}

/**
 * `GET /internal/desktop-authorization` on the internal listener, called by kasm_proxy's auth_request (never
 * by browsers: the public listener does not serve it) for a container session's desktop and sound streams. The
 * original URI names the session and the stream.
 */
export function desktopAuthorizationRoutes(ctx: AppContext): Router {
  const origin = publicOrigin(ctx.config);
  return Router({ caseSensitive: true, strict: true }).get('/desktop-authorization', async (req, res) => {
    const auth = requireAuth(res);
    let grant;
    try {
      grant = await grantFor(ctx, req, auth, origin);
    } catch (error) {
      throw refusalForNginx(res, error);
    }
    res.setHeader(AUTH_UPSTREAM_HEADER, grant.upstream);
    res.setHeader(CONNECT_TOKEN_HEADER, grant.connectToken);
    res.setHeader('Cache-Control', 'no-store');
    res.status(204).end();
  });
}
