import { FILES_PATTERN } from '@atrium/contracts';
import { createError } from '@atrium/http';
import type { Request, Router } from 'express';
import type { AuthContext } from '../auth/auth-context';
import { publicOrigin } from '../config';
import type { AppContext } from '../context';
import { authRequestRoute } from './auth-request';
import { authorizeFiles } from './authorize-files.use-case';

/**
 * An upload writes: it must come from the portal's own origin (browsers always send Origin on a PUT). A download
 * is a navigation, which carries none; the cookie is SameSite=Strict, so another site's link arrives signed out.
 */
function checkOrigin(req: Request, origin: string): void {
  const method = req.get('x-original-method') ?? 'GET';
  const sent = req.get('origin');
  if (method !== 'GET' && sent !== origin) throw createError(403, 'bad_origin', 'The request did not come from the portal.');
  if (sent !== undefined && sent !== origin) throw createError(403, 'bad_origin', 'The request did not come from the portal.');
}

async function grantFor(ctx: AppContext, req: Request, auth: AuthContext, origin: string) {
  checkOrigin(req, origin);
  const match = FILES_PATTERN.exec(req.get('x-original-uri') ?? '');
  if (!match) throw createError(403, 'bad_files_uri', 'Not a file request.');
  return authorizeFiles(ctx, auth, match[1] as string, match[2] === 'uploads' ? 'upload' : 'download');
}

/** `GET /internal/files-authorization`: kasm_proxy's auth_request for a session's file list, downloads and uploads. */
export function filesAuthorizationRoutes(ctx: AppContext): Router {
  const origin = publicOrigin(ctx.config);
  return authRequestRoute('/files-authorization', (req, auth) => grantFor(ctx, req, auth, origin));
}
