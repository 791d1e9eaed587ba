import { GroupsRepository } from '@atrium/db';
import type { Actor } from '../auth/auth-context';
import type { AppContext } from '../context';
import { auditedWrite } from '../writes/audited-write';
import { unknownReferenceAs } from '../writes/constraint-conflicts';
import { manageableUser } from './manage-user';

/** Replaces the groups a user belongs to (which decide their policy and the servers they reach). */
export async function setUserGroups(ctx: AppContext, actor: Actor, userId: string, groupIds: string[]): Promise<void> {
  await manageableUser(ctx, actor, userId);
  const unique = [...new Set(groupIds)];
  await auditedWrite(ctx, actor, { action: 'user.set_groups', targetType: 'user', detail: { groupIds: unique } }, async (trx) => {
    await new GroupsRepository(trx).setGroupsOfUser(userId, unique);
    return { id: userId };
  }).catch(unknownReferenceAs('group_not_found', 'One of these groups does not exist.'));
}
