import type { GroupSettings } from '@atrium/contracts';
import { GroupsRepository } from '@atrium/db';
import { createError } from '@atrium/http';
import type { Actor } from '../auth/auth-context';
import type { AppContext } from '../context';
import { auditedWrite } from '../writes/audited-write';

/** Replaces what a group decides; settings left out fall to the user's next group or the platform default. */
export async function setGroupSettings(ctx: AppContext, actor: Actor, groupId: string, settings: GroupSettings): Promise<void> {
  await auditedWrite(ctx, actor, { action: 'group.set_settings', targetType: 'group', detail: { settings: Object.keys(settings) } }, async (trx) => {
    const groups = new GroupsRepository(trx);
    if (!(await groups.exists(groupId))) throw createError(404, 'group_not_found', 'No such group.');
    await groups.replaceSettings(groupId, settings);
    return { id: groupId };
  });
}
