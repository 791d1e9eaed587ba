import { AgentsRepository, SessionsRepository, UsersRepository, type UserRecord } from '@atrium/db';
import { createError } from '@atrium/http';
import type { Actor } from '../auth/auth-context';
import type { AppContext } from '../context';

/**
 * The user an actor may manage: it must exist. An integration (API key) may not touch an administrator
 * (administrators are managed by administrators, signed in; a leaked API key cannot take over or lock out the
 * platform's owners), and an administrator may not disable or delete their own account (the last way in).
 */
export async function manageableUser(ctx: AppContext, actor: Actor, userId: string): Promise<UserRecord> {
  const user = await new UsersRepository(ctx.knex).findById(userId);
  if (!user) throw createError(404, 'user_not_found', 'No such user.');
  if (actor.audit.actorType === 'api_key' && user.role === 'admin') {
    throw createError(403, 'admin_protected', 'Administrators can only be changed by an administrator in Atrium.');
  }
  return user;
}

/** Refuses a change that would lock the acting administrator out of their own account. */
export function refuseSelfLockout(actor: Actor, userId: string): void {
  if (actor.audit.actorType === 'user' && actor.audit.actorId === userId) {
    throw createError(409, 'own_account', 'You cannot disable or delete your own account; ask another administrator.');
  }
}

/** Closes every open desktop stream of a user's running container sessions (after their sign-ins were revoked). */
export async function closeAllStreamsOf(ctx: AppContext, userId: string): Promise<void> {
  const running = (await new SessionsRepository(ctx.knex).listLive({ userId })).filter((session) => session.state === 'running');
  const agents = new AgentsRepository(ctx.knex);
  await Promise.allSettled(
    running.map(async (session) => {
      if (session.kind === 'remote') return ctx.connectionProxy.closeSession(session.id);
      const agent = session.agentId ? await agents.findById(session.agentId) : undefined;
      return agent ? ctx.agents.closeStreams(agent, session.id) : 0;
    }),
  );
}
