import { GroupsRepository, UsersRepository } from '@atrium/db';
import { createError } from '@atrium/http';
import type { Actor } from '../auth/auth-context';
import type { AppContext } from '../context';
import { auditedWrite } from '../writes/audited-write';

/** Adds a user to a group, or removes them; both must exist. Doing it twice changes nothing. */
export async function changeMembership(ctx: AppContext, actor: Actor, change: { groupId: string; userId: string; member: boolean }): Promise<void> {
  const action = change.member ? 'group.add_member' : 'group.remove_member';
  await auditedWrite(ctx, actor, { action, targetType: 'group', detail: { userId: change.userId } }, async (trx) => {
    const groups = new GroupsRepository(trx);
    if (!(await groups.exists(change.groupId))) throw createError(404, 'group_not_found', 'No such group.');
    if (!(await new UsersRepository(trx).findById(change.userId))) throw createError(404, 'user_not_found', 'No such user.');
    if (change.member) await groups.addMember(change.groupId, change.userId);
    else await groups.removeMember(change.groupId, change.userId);
    return { id: change.groupId };
  });
}
