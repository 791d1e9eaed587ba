import { SessionsRepository, UsersRepository } from '@atrium/db';
import { createError } from '@atrium/http';
import type { Actor } from '../auth/auth-context';
import type { AppContext } from '../context';
import { destroySession } from '../sessions/destroy-session.use-case';
import { auditedWrite } from '../writes/audited-write';
import { manageableUser, refuseSelfLockout } from './manage-user';
import { deleteProfilesOf } from '../profiles/reset-profile.use-case';

/**
 * Deletes a user. With live sessions it refuses (409) unless `force`, which ends them first (their
 * containers removed), so no container outlives its owner's record.
 */
export async function deleteUser(ctx: AppContext, actor: Actor, userId: string, force: boolean): Promise<void> {
  await manageableUser(ctx, actor, userId);
  refuseSelfLockout(actor, userId);
  const live = await new SessionsRepository(ctx.knex).listLive({ userId });
  if (live.length && !force) throw createError(409, 'user_has_sessions', `The user has ${live.length} live session(s); end them first, or pass force.`);
  for (const session of live) await destroySession(ctx, actor, session, 'user deleted');
  // Their kept homes go with them, from the agents' disks (the rows go with the user).
  await deleteProfilesOf(ctx, userId);
  await auditedWrite(ctx, actor, { action: 'user.delete', targetType: 'user', detail: { endedSessions: live.length } }, async (trx) => {
    await new UsersRepository(trx).delete(userId);
    return { id: userId };
  });
}
