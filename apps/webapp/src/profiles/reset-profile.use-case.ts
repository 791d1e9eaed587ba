import { AgentsRepository, ProfilesRepository, UsersRepository } from '@atrium/db';
import { createError } from '@atrium/http';
import type { Actor } from '../auth/auth-context';
import type { AppContext } from '../context';
import { auditedWrite } from '../writes/audited-write';

/**
 * Empties a user's kept home of one workspace: the agent deletes it, and the next session starts from the image's
 * empty home. Refused while a session of that workspace is open in it (it would save its home again at the end).
 */
export async function resetProfile(ctx: AppContext, actor: Actor, userId: string, workspaceId: string): Promise<void> {
  const profiles = new ProfilesRepository(ctx.knex);
  const profile = await profiles.find(userId, workspaceId);
  if (!profile) throw createError(404, 'profile_not_found', 'There is no kept profile of this workspace.');
  if (await profiles.inUse(userId, workspaceId)) {
    throw createError(409, 'profile_in_use', 'The profile is open in a session; end that session first.');
  }
  await deleteOnAgent(ctx, profile.agentId, userId, workspaceId);
  await auditedWrite(ctx, actor, { action: 'profile.reset', targetType: 'user', detail: { workspaceId, workspace: profile.workspaceName } }, async (trx) => {
    await new ProfilesRepository(trx).remove(userId, workspaceId);
    return { id: userId };
  });
}

/** Deletes every kept home of a user, on every agent that holds one (when the user is deleted). */
export async function deleteProfilesOf(ctx: AppContext, userId: string): Promise<void> {
  const agentIds = new Set((await new ProfilesRepository(ctx.knex).listOf(userId)).map((profile) => profile.agentId));
  for (const agentId of agentIds) await deleteOnAgent(ctx, agentId, userId);
}

async function deleteOnAgent(ctx: AppContext, agentId: string | null, userId: string, workspaceId?: string): Promise<void> {
  const agent = agentId ? await new AgentsRepository(ctx.knex).findById(agentId) : undefined;
  if (!agent) return;
  try {
    await ctx.agents.resetProfiles(agent, userId, workspaceId);
  } catch (error) {
    ctx.logger.warn({ userId, agentId, reason: (error as Error).message }, 'an agent did not delete a kept profile');
    throw createError(503, 'agent_unavailable', 'The agent that keeps this profile did not answer; nothing was deleted. Try again later.');
  }
}

/** The user must exist (an administrator names them by id). */
export async function existingUserId(ctx: AppContext, userId: string): Promise<string> {
  if (!(await new UsersRepository(ctx.knex).findById(userId))) throw createError(404, 'user_not_found', 'No such user.');
  return userId;
}
