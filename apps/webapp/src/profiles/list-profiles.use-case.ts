import type { ProfileView } from '@atrium/contracts';
import { ProfilesRepository } from '@atrium/db';
import type { AppContext } from '../context';

/** A user's kept homes: which workspace, how big when last saved, and when. */
export async function listProfiles(ctx: AppContext, userId: string): Promise<ProfileView[]> {
  return (await new ProfilesRepository(ctx.knex).listOf(userId)).map((profile) => ({
    workspaceId: profile.workspaceId,
    workspaceName: profile.workspaceName,
    sizeBytes: profile.sizeBytes,
    savedAt: profile.savedAt.toISOString(),
  }));
}
