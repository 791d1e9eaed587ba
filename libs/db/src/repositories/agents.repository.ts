import { LIVE_STATES, type AgentCapacity, type AgentHeartbeat } from '@atrium/contracts';
import type { Knex } from 'knex';

interface AgentRow {
  id: string;
  name: string;
  api_url: string;
  secret_hash: string;
  version: string;
  enabled: boolean;
  cores: string;
  memory_mb: number;
  allocated_cores: string;
  allocated_memory_mb: number;
  cpu_overcommit: string;
  memory_reserve_mb: number;
  stream_socket: string | null;
  last_heartbeat_at: Date | null;
}

export interface AgentRecord {
  id: string;
  name: string;
  /** Where the control plane reaches the agent's API. */
  apiUrl: string;
  secretHash: string;
  version: string;
  enabled: boolean;
  /** Real cores and memory of the agent's host. */
  cores: number;
  memoryMb: number;
  /** Cores that may be promised per real core. */
  cpuOvercommit: number;
  /** Memory kept for the host and the roles. */
  memoryReserveMb: number;
  /** The Unix socket kasm_proxy relays desktop streams to, when the agent offers one. */
  streamSocket: string | null;
  /** What the agent last reported as held by its containers. */
  allocatedCores: number;
  allocatedMemoryMb: number;
  lastHeartbeatAt: Date | null;
}

/** An agent the scheduler may use, with what its live sessions hold according to the database. */
export interface SchedulableAgent extends AgentRecord {
  heldCores: number;
  heldMemoryMb: number;
}

/** An agent as administrators see it: its holdings, its live sessions and whether its heartbeat is recent. */
export interface AgentWithHoldings extends SchedulableAgent {
  liveSessions: number;
  online: boolean;
}

const toAgent = (row: AgentRow): AgentRecord => ({
  id: row.id,
  name: row.name,
  apiUrl: row.api_url,
  secretHash: row.secret_hash,
  version: row.version,
  enabled: row.enabled,
  cores: Number(row.cores),
  memoryMb: row.memory_mb,
  allocatedCores: Number(row.allocated_cores),
  allocatedMemoryMb: row.allocated_memory_mb,
  cpuOvercommit: Number(row.cpu_overcommit),
  memoryReserveMb: row.memory_reserve_mb,
  streamSocket: row.stream_socket,
  lastHeartbeatAt: row.last_heartbeat_at,
});

const capacityColumns = (capacity: AgentCapacity) => ({
  cores: capacity.cores,
  memory_mb: capacity.memoryMb,
  cpu_overcommit: capacity.cpuOvercommit,
  memory_reserve_mb: capacity.memoryReserveMb,
});

export class AgentsRepository {
  constructor(private readonly knex: Knex) {}

  /**
   * Registers an agent by name, or re-registers it (a restarted agent keeps its row and its sessions)
   * with a fresh secret.
   */
  async upsert(agent: {
    name: string;
    apiUrl: string;
    streamSocket?: string;
    secretHash: string;
    version: string;
    capacity: AgentCapacity;
  }): Promise<AgentRecord> {
    const [row] = await this.knex('agents')
      .insert({
        name: agent.name,
        api_url: agent.apiUrl,
        stream_socket: agent.streamSocket ?? null,
        secret_hash: agent.secretHash,
        version: agent.version,
        ...capacityColumns(agent.capacity),
        last_heartbeat_at: this.knex.fn.now(),
      })
      .onConflict('name')
      .merge([
        'api_url',
        'stream_socket',
        'secret_hash',
        'version',
        'cores',
        'memory_mb',
        'cpu_overcommit',
        'memory_reserve_mb',
        'last_heartbeat_at',
        'updated_at',
      ])
      .returning('*');
    return toAgent(row as AgentRow);
  }

  async findById(id: string): Promise<AgentRecord | undefined> {
    const row = await this.knex<AgentRow>('agents').where({ id }).first();
    return row && toAgent(row);
  }

  async recordHeartbeat(id: string, heartbeat: AgentHeartbeat): Promise<void> {
    await this.knex('agents')
      .where({ id })
      .update({
        ...capacityColumns(heartbeat.capacity),
        allocated_cores: heartbeat.allocated.cores,
        allocated_memory_mb: heartbeat.allocated.memoryMb,
        containers: JSON.stringify(heartbeat.containers),
        last_heartbeat_at: this.knex.fn.now(),
        updated_at: this.knex.fn.now(),
      });
  }

  /** Counts registered agents and those whose last heartbeat is recent enough to schedule on. */
  async countOnline(staleAfterMs: number): Promise<{ registered: number; online: number }> {
    const row = await this.knex('agents')
      .where({ enabled: true })
      .first(
        this.knex.raw('count(*)::int as registered'),
        this.knex.raw(`count(*) filter (where last_heartbeat_at > now() - (? * interval '1 millisecond'))::int as online`, [staleAfterMs]),
      );
    return { registered: Number(row?.registered ?? 0), online: Number(row?.online ?? 0) };
  }

  /**
   * Enabled agents with a recent heartbeat, with what their live sessions and staged containers hold according to the database
   * (immediate, unlike heartbeats): the ones the scheduler may place sessions on.
   */
  async listSchedulable(staleAfterMs: number): Promise<SchedulableAgent[]> {
    const agents = await this.listWithHoldings(staleAfterMs);
    return agents.filter((agent) => agent.enabled && agent.online);
  }

  /** Every registered agent with its holdings and whether it is online: what administrators see. */
  async listWithHoldings(staleAfterMs: number): Promise<AgentWithHoldings[]> {
    const rows: (AgentRow & { held_cores: string; held_memory_mb: string; live_sessions: number; online: boolean })[] = await this.knex('agents as a')
      .leftJoin('sessions as s', (join) => join.on('s.agent_id', 'a.id').onIn('s.state', [...LIVE_STATES]))
      .leftJoin('workspaces as w', 'w.id', 's.workspace_id')
      .groupBy('a.id')
      .orderBy('a.name')
      // What a session was given (recorded at launch), else its workspace's size (sessions older than that record).
      // Staged containers (warm, unclaimed) hold their resources too.
      .select(
        'a.*',
        this.knex.raw(
          'coalesce(sum(coalesce(s.cores, w.cores)), 0) + (select coalesce(sum(ss.cores), 0) from staging_slots ss where ss.agent_id = a.id) as held_cores',
        ),
        this.knex.raw(
          'coalesce(sum(coalesce(s.memory_mb, w.memory_mb)), 0) + (select coalesce(sum(ss.memory_mb), 0) from staging_slots ss where ss.agent_id = a.id) as held_memory_mb',
        ),
        this.knex.raw('count(s.id)::int as live_sessions'),
        this.knex.raw(`coalesce(a.last_heartbeat_at > now() - (? * interval '1 millisecond'), false) as online`, [staleAfterMs]),
      );
    return rows.map((row) => ({
      ...toAgent(row),
      heldCores: Number(row.held_cores),
      heldMemoryMb: Number(row.held_memory_mb),
      liveSessions: Number(row.live_sessions),
      online: row.online,
    }));
  }

  /** Enables or disables scheduling on an agent; undefined when there is no such agent. */
  async setEnabled(id: string, enabled: boolean): Promise<{ id: string } | undefined> {
    const [row] = await this.knex('agents').where({ id }).update({ enabled, updated_at: this.knex.fn.now() }).returning('id');
    return row && { id: row.id };
  }
}
