import { AgentsRepository, SessionsRepository, UsersRepository, type UserRecord } from '@atrium/db';
import { createError } from '@atrium/http';
import type { AppContext } from '../context';

/**
 * The user an integration may manage: it must exist, and it must not be an administrator (administrators are
 * managed by administrators, signed in; a leaked API key cannot take over or lock out the platform's owners).
 */
export async function manageableUser(ctx: AppContext, userId: string): Promise<UserRecord> {
  const user = await new UsersRepository(ctx.knex).findById(userId);
  if (!user) throw createError(404, 'user_not_found', 'No such user.');
  if (user.role === 'admin') throw createError(403, 'admin_protected', 'Administrators can only be changed by an administrator in Atrium.');
  return user;
}

/** Closes every open desktop stream of a user's running container sessions (after their sign-ins were revoked). */
export async function closeAllStreamsOf(ctx: AppContext, userId: string): Promise<void> {
  const running = (await new SessionsRepository(ctx.knex).list({ userId })).filter((session) => session.state === 'running');
  const agents = new AgentsRepository(ctx.knex);
  await Promise.allSettled(
    running.map(async (session) => {
      if (session.kind === 'remote') return ctx.connectionProxy.closeSession(session.id);
      const agent = session.agentId ? await agents.findById(session.agentId) : undefined;
      return agent ? ctx.agents.closeStreams(agent, session.id) : 0;
    }),
  );
}
