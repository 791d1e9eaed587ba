import { AuthSessionsRepository } from '@atrium/db';
import { createError } from '@atrium/http';
import type { RequestHandler, Response } from 'express';
import type { AppContext } from '../context';
import type { AuthContext } from './auth-context';
import type { AwaitingSession } from './second-factor/verify-second-factor.use-case';
import { readSessionToken } from './session-cookie';
import { hashToken } from './session-token';

/** Resolves the session cookie to a user for the rest of the request; never rejects by itself. */
export function authenticate(ctx: AppContext): RequestHandler {
  const sessions = new AuthSessionsRepository(ctx.knex);
  return async (req, res, next) => {
    const token = readSessionToken(req.headers.cookie);
    if (!token) return next();
    const session = await sessions.findLive(hashToken(token));
    if (session) {
      const auth: AuthContext = { user: { id: session.userId, username: session.username, role: session.role }, authSessionId: session.id };
      res.locals['auth'] = auth;
      return next();
    }
    // A session that passed the password but owes its second factor: it opens the second-factor routes only.
    const awaiting = await sessions.findAwaitingSecondFactor(hashToken(token));
    if (awaiting)
      res.locals['awaiting'] = {
        id: awaiting.id,
        userId: awaiting.userId,
        username: awaiting.username,
        role: awaiting.role,
        stage: awaiting.stage,
      } satisfies AwaitingSession;
    next();
  };
}

export function currentAuth(res: Response): AuthContext | undefined {
  return res.locals['auth'] as AuthContext | undefined;
}

/** A browser session that passed the password and still owes its second factor. */
export function awaitingSecondFactor(res: Response): AwaitingSession | undefined {
  return res.locals['awaiting'] as AwaitingSession | undefined;
}

/** The caller's identity, or a 401 in the error envelope (`second_factor_required` for a half-signed-in session). */
export function requireAuth(res: Response): AuthContext {
  const auth = currentAuth(res);
  if (auth) return auth;
  if (awaitingSecondFactor(res)) throw createError(401, 'second_factor_required', 'Finish signing in with your second factor first.');
  throw createError(401, 'unauthorized', 'Sign in first.');
}

export const requireUser: RequestHandler = (_req, res, next) => {
  requireAuth(res);
  next();
};

export const requireAdmin: RequestHandler = (_req, res, next) => {
  if (requireAuth(res).user.role !== 'admin') throw createError(403, 'admin_only', 'Administrators only.');
  next();
};
