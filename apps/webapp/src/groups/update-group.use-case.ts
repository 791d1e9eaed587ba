import type { UpdateGroup } from '@atrium/contracts';
import { GroupsRepository } from '@atrium/db';
import { createError } from '@atrium/http';
import type { Actor } from '../auth/auth-context';
import type { AppContext } from '../context';
import { auditedWrite } from '../writes/audited-write';
import { conflictAs } from '../writes/constraint-conflicts';

/** Renames a group or changes its priority (which of a user's groups decides a setting). */
export async function updateGroup(ctx: AppContext, actor: Actor, groupId: string, input: UpdateGroup): Promise<void> {
  await auditedWrite(ctx, actor, { action: 'group.update', targetType: 'group', detail: { fields: Object.keys(input) } }, async (trx) => {
    const updated = await new GroupsRepository(trx).update(groupId, input);
    if (!updated) throw createError(404, 'group_not_found', 'No such group.');
    return updated;
  }).catch(conflictAs('group_exists', `A group named ${input.name} exists already.`));
}
