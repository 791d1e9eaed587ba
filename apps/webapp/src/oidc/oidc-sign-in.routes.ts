import { oidcCallbackQuerySchema, oidcProviderIdParamsSchema, oidcStartQuerySchema, type SsoError } from '@atrium/contracts';
import { parseParams, parseQuery } from '@atrium/http';
import { Router, type Response } from 'express';
import { clientAddress } from '../auth/client-address';
import { sessionCookie } from '../auth/session-cookie';
import type { AppContext } from '../context';
import { clearedFlowCookie, flowCookie, readFlow } from './oidc-flow-cookie';
import { finishOidcSignIn, listSignInProviders, redirectUriOf, SsoFailure, startOidcSignIn } from './oidc-sign-in.use-case';
import { safeNextPath } from './safe-next-path';

/** Back to the sign-in page, which says why in a sentence. */
const backToSignIn = (res: Response, code: SsoError) => res.redirect(302, `/sign-in?sso_error=${code}`);

/**
 * Single sign-on with OpenID Connect, for browsers (navigations, not API calls): the sign-in page's buttons, the
 * start of a sign-in at a provider, and the redirect URI the provider sends the browser back to.
 */
export function oidcSignInRoutes(ctx: AppContext): Router {
  const router = Router();
  const secure = ctx.config.COOKIE_SECURE;

  router.get('/providers', async (_req, res) => {
    res.json(await listSignInProviders(ctx));
  });

  router.get('/callback', async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    // The flow is used once, whatever the outcome.
    res.setHeader('Set-Cookie', clearedFlowCookie(secure));
    const query = parseQuery(oidcCallbackQuerySchema, req);
    const flow = readFlow(ctx.credentials, req.headers.cookie);
    if (!flow) return backToSignIn(res, 'sso_flow_expired');
    if (query.error) ctx.logger.info({ provider: flow.providerId, error: query.error }, 'identity provider refused the sign-in');
    const queryStart = req.originalUrl.indexOf('?');
    const callbackUrl = new URL(redirectUriOf(ctx) + (queryStart >= 0 ? req.originalUrl.slice(queryStart) : ''));
    try {
      const result = await finishOidcSignIn(ctx, flow, callbackUrl, { ip: clientAddress(req), userAgent: req.get('user-agent') ?? '' });
      const maxAgeSeconds = result.secondFactor ? ctx.config.SESSION_TTL_HOURS * 3600 : (result.expiresAt.getTime() - Date.now()) / 1000;
      res.setHeader('Set-Cookie', [clearedFlowCookie(secure), sessionCookie(result.token, { secure, maxAgeSeconds })]);
      res.redirect(302, flow.next);
    } catch (error) {
      if (!(error instanceof SsoFailure)) throw error;
      ctx.logger.warn({ provider: flow.providerId, reason: error.code, detail: error.reason }, 'single sign-on refused');
      backToSignIn(res, error.code);
    }
  });

  router.get('/:providerId/start', async (req, res) => {
    const { providerId } = parseParams(oidcProviderIdParamsSchema, req);
    const { next } = parseQuery(oidcStartQuerySchema, req);
    res.setHeader('Cache-Control', 'no-store');
    try {
      const { location, flow } = await startOidcSignIn(ctx, providerId, safeNextPath(next));
      res.setHeader('Set-Cookie', flowCookie(ctx.credentials, flow, secure));
      res.redirect(302, location);
    } catch (error) {
      if (!(error instanceof SsoFailure)) throw error;
      ctx.logger.warn({ provider: providerId, reason: error.code, detail: error.reason }, 'single sign-on could not start');
      backToSignIn(res, error.code);
    }
  });

  return router;
}
