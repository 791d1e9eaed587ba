import type { Knex } from 'knex';

interface SlotRow {
  id: string;
  workspace_id: string;
  agent_id: string | null;
  image: string;
  cores: string;
  memory_mb: number;
  state: 'starting' | 'ready';
  container_id: string | null;
  created_at: Date;
}

/** A staged container: started ahead of any launch, for a session id chosen in advance (the slot's id). */
export interface StagingSlot {
  id: string;
  workspaceId: string;
  agentId: string | null;
  image: string;
  cores: number;
  memoryMb: number;
  state: 'starting' | 'ready';
  containerId: string | null;
  createdAt: Date;
}

const toSlot = (row: SlotRow): StagingSlot => ({
  id: row.id,
  workspaceId: row.workspace_id,
  agentId: row.agent_id,
  image: row.image,
  cores: Number(row.cores),
  memoryMb: row.memory_mb,
  state: row.state,
  containerId: row.container_id,
  createdAt: row.created_at,
});

export class StagingRepository {
  constructor(private readonly knex: Knex) {}

  /** Staged containers per workspace and state (starting, ready), beside each pool's size: what the metrics report. */
  async poolLevels(): Promise<{ workspace: string; size: number; starting: number; ready: number }[]> {
    const rows: { name: string; staging_size: number; starting: string; ready: string }[] = await this.knex('workspaces as w')
      .leftJoin('staging_slots as s', 's.workspace_id', 'w.id')
      .where('w.staging_size', '>', 0)
      .orWhereNotNull('s.id')
      .groupBy('w.id')
      .select('w.name', 'w.staging_size')
      .select(
        this.knex.raw(`count(s.id) filter (where s.state = 'starting') as starting`),
        this.knex.raw(`count(s.id) filter (where s.state = 'ready') as ready`),
      );
    return rows.map((row) => ({ workspace: row.name, size: row.staging_size, starting: Number(row.starting), ready: Number(row.ready) }));
  }

  async list(): Promise<StagingSlot[]> {
    return (await this.knex<SlotRow>('staging_slots').orderBy('created_at')).map(toSlot);
  }

  /** A slot about to be started on an agent; its resources count against the agent from now on. */
  async createStarting(slot: { id: string; workspaceId: string; agentId: string; image: string; cores: number; memoryMb: number }): Promise<void> {
    await this.knex('staging_slots').insert({
      id: slot.id,
      workspace_id: slot.workspaceId,
      agent_id: slot.agentId,
      image: slot.image,
      cores: slot.cores,
      memory_mb: slot.memoryMb,
      state: 'starting',
    });
  }

  async markReady(id: string, containerId: string): Promise<void> {
    await this.knex('staging_slots').where({ id }).update({ state: 'ready', container_id: containerId, ready_at: this.knex.fn.now() });
  }

  async delete(id: string): Promise<void> {
    await this.knex('staging_slots').where({ id }).delete();
  }

  /**
   * Takes the oldest ready slot of a workspace on an agent that is online for one launch: the row is locked and
   * deleted in the caller's transaction, and other transactions skip locked rows, so no two launches (on any
   * replica) get the same one.
   */
  async claimReady(workspaceId: string, image: string, agentStaleAfterMs: number): Promise<StagingSlot | undefined> {
    const row = await this.knex<SlotRow>('staging_slots')
      .where({ workspace_id: workspaceId, image, state: 'ready' })
      .whereIn(
        'agent_id',
        this.knex('agents').where('enabled', true).whereRaw(`last_heartbeat_at > now() - (? * interval '1 millisecond')`, [agentStaleAfterMs]).select('id'),
      )
      .orderBy('ready_at')
      .forUpdate()
      .skipLocked()
      .first();
    if (!row) return undefined;
    await this.knex('staging_slots').where({ id: row.id }).delete();
    return toSlot(row);
  }

  /** Which of these ids are slots (their containers are not orphans). */
  async idsAmong(ids: string[]): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const rows: { id: string }[] = await this.knex('staging_slots').whereIn('id', ids).select('id');
    return new Set(rows.map((row) => row.id));
  }

  /** Slots of an agent that are ready (or started long ago) but whose container the agent no longer reports. */
  async listVanished(agentId: string, reported: Set<string>, startedBefore: Date): Promise<StagingSlot[]> {
    const rows = await this.knex<SlotRow>('staging_slots').where({ agent_id: agentId }).where('created_at', '<', startedBefore);
    return rows.map(toSlot).filter((slot) => !reported.has(slot.id));
  }
}
