import type { ListSessionsQuery, Session } from '@atrium/contracts';
import { SessionsRepository } from '@atrium/db';
import { isAdmin, type AuthContext } from '../auth/auth-context';
import type { AppContext } from '../context';
import { toSessionView } from './session-view';

/** A user sees their own sessions; an administrator sees everyone's. */
export async function listSessions(ctx: AppContext, auth: AuthContext, query: ListSessionsQuery): Promise<Session[]> {
  const sessions = await new SessionsRepository(ctx.knex).list({ ...query, ...(!isAdmin(auth) && { userId: auth.user.id }) });
  return sessions.map((session) => toSessionView(session));
}
