import { SessionsRepository, type SessionRow } from '@atrium/db';
import { createError } from '@atrium/http';
import type { AuthContext } from '../auth/authenticate.middleware';
import type { AppContext } from '../context';

/** The session if the caller owns it or is an administrator; 404 when it does not exist, 403 when not theirs. */
export async function findOwnSession(ctx: AppContext, auth: AuthContext, sessionId: string): Promise<SessionRow> {
  const session = await new SessionsRepository(ctx.knex).findById(sessionId);
  if (!session) throw createError(404, 'session_not_found', 'No such session.');
  if (session.user_id !== auth.user.id && auth.user.role !== 'admin') throw createError(403, 'forbidden', 'This session belongs to someone else.');
  return session;
}
