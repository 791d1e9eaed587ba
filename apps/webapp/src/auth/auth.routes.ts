import { setTimeout } from 'node:timers/promises';
import { changePasswordSchema, loginRequestSchema, tokenLoginQuerySchema, type LoginAnswer } from '@atrium/contracts';
import { AuthSessionsRepository } from '@atrium/db';
import { createError, isAppError, parseBody, parseQuery } from '@atrium/http';
import { Router } from 'express';
import type { AppContext } from '../context';
import { awaitingSecondFactor, currentAuth, requireAuth } from './authenticate.middleware';
import { auditRefusedSignIn } from './audit-refused-sign-in';
import { changePassword } from './change-password.use-case';
import { clientAddress } from './client-address';
import { login } from './login.use-case';
import { logout } from './logout.use-case';
import { loginWithToken } from './one-time-login';
import { postgresFailureStore } from './failure-store';
import { LoginThrottle } from './login-throttle';
import { secondFactorRoutes } from './second-factor/second-factor.routes';
import { clearedSessionCookie, sessionCookie } from './session-cookie';
import { signInFailures } from '../metrics/metrics';

export function authRoutes(ctx: AppContext): Router {
  const router = Router();
  const secure = ctx.config.COOKIE_SECURE;
  const throttle = new LoginThrottle(
    {
      perAddress: ctx.config.LOGIN_FAILURES_PER_ADDRESS,
      perAccountAndAddress: ctx.config.LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS,
      accountSlowdownAfter: ctx.config.LOGIN_ACCOUNT_SLOWDOWN_AFTER,
      accountMaxDelayMs: ctx.config.LOGIN_ACCOUNT_MAX_DELAY_MS,
      windowMs: ctx.config.LOGIN_WINDOW_SECONDS * 1000,
    },
    postgresFailureStore(ctx.knex, ctx.config.LOGIN_WINDOW_SECONDS),
  );

  router.post('/login', async (req, res) => {
    const input = parseBody(loginRequestSchema, req);
    const username = input.username.toLowerCase();
    const address = clientAddress(req);
    const decision = await throttle.decide(username, address);
    if (decision.refuse) {
      await auditRefusedSignIn(ctx, 'auth.login_throttled', address, input.username);
      signInFailures.inc({ reason: 'throttled' });
      res.setHeader('Retry-After', String(decision.retryAfterSeconds));
      throw createError(429, 'too_many_attempts', `Too many failed sign-ins from your address; try again in ${decision.retryAfterSeconds} s.`);
    }
    if (decision.delayMs > 0) await setTimeout(decision.delayMs);
    const result = await login(ctx, input, { ip: address, userAgent: req.get('user-agent') ?? '' }).catch(async (error: unknown) => {
      if (isAppError(error) && error.status === 401) {
        signInFailures.inc({ reason: 'password' });
        await throttle.recordFailure(username, address);
      }
      throw error;
    });
    await throttle.recordSuccess(username, address);
    const maxAgeSeconds = (result.expiresAt.getTime() - Date.now()) / 1000;
    res.setHeader(
      'Set-Cookie',
      sessionCookie(result.token, { secure, maxAgeSeconds: result.secondFactor ? ctx.config.SESSION_TTL_HOURS * 3600 : maxAgeSeconds }),
    );
    const answer: LoginAnswer = { ...result.user, ...(result.secondFactor && { secondFactor: result.secondFactor }) };
    res.json(answer);
  });

  // A one-time link from the Developer API (`kasm_url`): signs in, then opens the session's viewer.
  router.get('/token-login', async (req, res) => {
    const { token } = parseQuery(tokenLoginQuerySchema, req);
    const login = await loginWithToken(ctx, token, { ip: clientAddress(req), userAgent: req.get('user-agent') ?? '' });
    res.setHeader('Set-Cookie', sessionCookie(login.cookieToken, { secure, maxAgeSeconds: (login.expiresAt.getTime() - Date.now()) / 1000 }));
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(302, login.redirectTo);
  });

  router.post('/logout', async (_req, res) => {
    const auth = currentAuth(res);
    if (auth) await logout(ctx, auth);
    const awaiting = awaitingSecondFactor(res);
    if (awaiting) await new AuthSessionsRepository(ctx.knex).revoke(awaiting.id);
    res.setHeader('Set-Cookie', clearedSessionCookie(secure));
    res.status(204).end();
  });

  router.post('/password', async (req, res) => {
    await changePassword(ctx, requireAuth(res), parseBody(changePasswordSchema, req));
    res.status(204).end();
  });

  router.use(secondFactorRoutes(ctx, throttle));

  router.get('/me', (_req, res) => {
    res.json(requireAuth(res).user);
  });

  return router;
}
