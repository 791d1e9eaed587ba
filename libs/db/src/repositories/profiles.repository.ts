import { LIVE_STATES } from '@atrium/contracts';
import type { Knex } from 'knex';

/** Where one user's kept home of one workspace is (its agent), and how big it was when last saved. */
export interface ProfileRecord {
  userId: string;
  workspaceId: string;
  workspaceName: string;
  agentId: string | null;
  sizeBytes: number;
  savedAt: Date;
}

interface ProfileRow {
  user_id: string;
  workspace_id: string;
  workspace_name: string;
  agent_id: string | null;
  size_bytes: string;
  saved_at: Date;
}

const toProfile = (row: ProfileRow): ProfileRecord => ({
  userId: row.user_id,
  workspaceId: row.workspace_id,
  workspaceName: row.workspace_name,
  agentId: row.agent_id,
  sizeBytes: Number(row.size_bytes),
  savedAt: row.saved_at,
});

export class ProfilesRepository {
  constructor(private readonly knex: Knex) {}

  private select() {
    return this.knex('profiles as p').join('workspaces as w', 'w.id', 'p.workspace_id').select('p.*', 'w.name as workspace_name');
  }

  async listOf(userId: string): Promise<ProfileRecord[]> {
    return ((await this.select().where('p.user_id', userId).orderBy('w.name')) as ProfileRow[]).map(toProfile);
  }

  async find(userId: string, workspaceId: string): Promise<ProfileRecord | undefined> {
    const row = (await this.select().where({ 'p.user_id': userId, 'p.workspace_id': workspaceId }).first()) as ProfileRow | undefined;
    return row && toProfile(row);
  }

  /** Records a save: the home is on `agentId` now, this big. */
  async recordSaved(profile: { userId: string; workspaceId: string; agentId: string; sizeBytes: number }): Promise<void> {
    await this.knex('profiles')
      .insert({
        user_id: profile.userId,
        workspace_id: profile.workspaceId,
        agent_id: profile.agentId,
        size_bytes: profile.sizeBytes,
        saved_at: this.knex.fn.now(),
      })
      .onConflict(['user_id', 'workspace_id'])
      .merge(['agent_id', 'size_bytes', 'saved_at']);
  }

  async remove(userId: string, workspaceId: string): Promise<void> {
    await this.knex('profiles').where({ user_id: userId, workspace_id: workspaceId }).delete();
  }

  /**
   * Whether a live session of the user already uses this workspace (and so its kept home). Run after the user's
   * sessions were locked (`countLiveForUpdate`), so two launches cannot both see none.
   */
  async inUse(userId: string, workspaceId: string, except?: string): Promise<boolean> {
    const query = this.knex('sessions').where({ user_id: userId, workspace_id: workspaceId }).whereIn('state', LIVE_STATES).first('id');
    if (except) query.whereNot('id', except);
    return Boolean(await query);
  }
}
