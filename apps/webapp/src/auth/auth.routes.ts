import { loginRequestSchema } from '@atrium/contracts';
import { createError, isAppError, parseBody } from '@atrium/http';
import { Router } from 'express';
import type { AppContext } from '../context';
import { currentAuth, requireAuth } from './authenticate.middleware';
import { login } from './login.use-case';
import { logout } from './logout.use-case';
import { LoginThrottle } from './login-throttle';
import { clearedSessionCookie, sessionCookie } from './session-cookie';

export function authRoutes(ctx: AppContext): Router {
  const router = Router();
  const secure = ctx.config.COOKIE_SECURE;
  // Per username: slows guessing one account. Per address: slows spraying many accounts from one client.
  const byUser = new LoginThrottle(10);
  const byAddress = new LoginThrottle(50);

  router.post('/login', async (req, res) => {
    const input = parseBody(loginRequestSchema, req);
    const user = input.username.toLowerCase();
    const address = req.ip ?? '';
    const wait = Math.max(byUser.retryAfterSeconds(user), byAddress.retryAfterSeconds(address));
    if (wait > 0) {
      res.setHeader('Retry-After', String(wait));
      throw createError(429, 'too_many_attempts', `Too many failed sign-ins; try again in ${wait} s.`);
    }
    const result = await login(ctx, input, { ip: req.ip ?? '', userAgent: req.get('user-agent') ?? '' }).catch((error: unknown) => {
      if (isAppError(error) && error.status === 401) {
        byUser.recordFailure(user);
        byAddress.recordFailure(address);
      }
      throw error;
    });
    byUser.reset(user);
    const maxAgeSeconds = (result.expiresAt.getTime() - Date.now()) / 1000;
    res.setHeader('Set-Cookie', sessionCookie(result.token, { secure, maxAgeSeconds }));
    res.json(result.user);
  });

  router.post('/logout', async (_req, res) => {
    const auth = currentAuth(res);
    if (auth) await logout(ctx, auth);
    res.setHeader('Set-Cookie', clearedSessionCookie(secure));
    res.status(204).end();
  });

  router.get('/me', (_req, res) => {
    res.json(requireAuth(res).user);
  });

  return router;
}
