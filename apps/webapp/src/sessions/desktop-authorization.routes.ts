import { DESKTOP_AUDIO_PATTERN, DESKTOP_STREAM_PATTERN } from '@atrium/contracts';
import { createError } from '@atrium/http';
import type { Request, Router } from 'express';
import type { AuthContext } from '../auth/auth-context';
import { publicOrigin } from '../config';
import type { AppContext } from '../context';
import { authRequestRoute } from './auth-request';
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
  return authRequestRoute('/desktop-authorization', (req, auth) => grantFor(ctx, req, auth, origin));
}
