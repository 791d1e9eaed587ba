import { AUTH_UPSTREAM_HEADER, CONNECT_TOKEN_HEADER } from '@atrium/contracts';
import { AppError, createError } from '@atrium/http';
import { Router, type Request, type Response } from 'express';
import { requireAuth } from '../auth/authenticate.middleware';
import type { AuthContext } from '../auth/auth-context';
import type { DesktopGrant } from './authorize-desktop.use-case';

/**
 * nginx's auth_request understands 2xx, 401 and 403 only (anything else becomes a 500), and drops the body: every
 * refusal but "sign in first" leaves as 403, with its code and sentence (the webapp's own constants) in headers
 * that kasm_proxy writes into the envelope, so a client can tell which rule refused.
 */
export function refusalForNginx(res: Response, error: unknown): unknown {
  if (!(error instanceof AppError) || error.status === 401) return error;
  res.setHeader('x-atrium-refusal-code', error.code);
  res.setHeader('x-atrium-refusal-message', error.message);
  return createError(403, error.code, error.message);
}

/**
 * One auth_request route of the internal listener: `grantFor` decides from the signed-in caller and the original
 * request (kasm_proxy's `X-Original-URI`); a grant answers 204 with the agent and the connect token in headers.
 */
export function authRequestRoute(path: string, grantFor: (req: Request, auth: AuthContext) => Promise<DesktopGrant>): Router {
  return Router({ caseSensitive: true, strict: true }).get(path, async (req, res) => {
    const auth = requireAuth(res);
    let grant: DesktopGrant;
    try {
      grant = await grantFor(req, auth);
    } catch (error) {
      throw refusalForNginx(res, error);
    }
    res.setHeader(AUTH_UPSTREAM_HEADER, grant.upstream);
    res.setHeader(CONNECT_TOKEN_HEADER, grant.connectToken);
    res.setHeader('Cache-Control', 'no-store');
    res.status(204).end();
  });
}
