import { GroupsRepository } from '@atrium/db';
import { createError } from '@atrium/http';
import type { Actor } from '../auth/auth-context';
import type { AppContext } from '../context';
import { auditedWrite } from '../writes/audited-write';
import { unknownReferenceAs } from '../writes/constraint-conflicts';

/** Replaces a group's members; a user id that does not exist refuses the whole change. */
export async function setGroupMembers(ctx: AppContext, actor: Actor, groupId: string, userIds: string[]): Promise<void> {
  const members = [...new Set(userIds)];
  await auditedWrite(ctx, actor, { action: 'group.set_members', targetType: 'group', detail: { count: members.length } }, async (trx) => {
    const groups = new GroupsRepository(trx);
    if (!(await groups.exists(groupId))) throw createError(404, 'group_not_found', 'No such group.');
    await groups.setMembers(groupId, members);
    return { id: groupId };
  }).catch(unknownReferenceAs('unknown_user', 'One of the users does not exist.'));
}
