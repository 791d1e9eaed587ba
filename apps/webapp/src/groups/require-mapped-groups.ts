import { GroupsRepository } from '@atrium/db';
import { createError } from '@atrium/http';
import type { AppContext } from '../context';

/**
 * Refuses an identity source's group mappings (a directory's, an OIDC provider's) that name a group
 * which does not exist, so that a sign-in never grants membership of a group nobody can see.
 */
export async function requireMappedGroupsExist(ctx: AppContext, mappings: { groupId: string }[] = []): Promise<void> {
  const groups = new GroupsRepository(ctx.knex);
  for (const { groupId } of mappings) {
    if (!(await groups.exists(groupId))) throw createError(400, 'group_not_found', `No group ${groupId} to map to.`);
  }
}
