import type { Keepalive } from '@atrium/contracts';
import { SessionsRepository } from '@atrium/db';
import { createError } from '@atrium/http';
import type { AuthContext } from '../auth/auth-context';
import type { AppContext } from '../context';
import { userPolicy } from '../policy/user-policy';
import { findOwnSession } from './find-own-session';

/**
 * The viewer's (or an integration's) "still in use": moves the running session's keepalive deadline to
 * `keepalive_expiration` from now under the owner's current policy, never past the session's time limit.
 */
export async function keepSessionAlive(ctx: AppContext, auth: AuthContext, sessionId: string): Promise<Keepalive> {
  const session = await findOwnSession(ctx, auth, sessionId);
  const { policy } = await userPolicy(ctx.knex, ctx.config, session.userId);
  const wanted = Date.now() + policy.keepalive_expiration * 1000;
  const limit = session.expiresAt?.getTime() ?? Infinity;
  const until = new Date(Math.min(wanted, limit));
  if (!(await new SessionsRepository(ctx.knex).keepalive(session.id, until))) {
    throw createError(409, 'session_not_running', `A ${session.state} session cannot be kept alive.`);
  }
  return {
    keepaliveUntil: until.toISOString(),
    expiresAt: session.expiresAt?.toISOString() ?? null,
    // The time limit comes before the next keepalive would be due: the session ends then, kept alive or not.
    usageReached: limit <= wanted,
  };
}
