import { SessionsRepository, type SessionRecord } from '@atrium/db';
import { createError } from '@atrium/http';
import { isAdmin, type AuthContext } from '../auth/auth-context';
import type { AppContext } from '../context';

/** The session if the caller owns it or is an administrator; 404 when it does not exist, 403 when not theirs. */
export async function findOwnSession(ctx: AppContext, auth: AuthContext, sessionId: string): Promise<SessionRecord> {
  const session = await new SessionsRepository(ctx.knex).findById(sessionId);
  if (!session) throw createError(404, 'session_not_found', 'No such session.');
  if (session.userId !== auth.user.id && !isAdmin(auth)) throw createError(403, 'not_session_owner', 'This session belongs to someone else.');
  return session;
}
