import { assertTransition, LIVE_STATES, TERMINAL_STATES, type SessionKind, type SessionState } from '@atrium/contracts';
import type { Knex } from 'knex';

interface SessionRow {
  id: string;
  kind: SessionKind;
  user_id: string;
  workspace_id: string | null;
  server_id: string | null;
  agent_id: string | null;
  state: SessionState;
  container_id: string | null;
  error_message: string | null;
  expires_at: Date | null;
  keepalive_until: Date | null;
  share_id: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface SessionRecord {
  id: string;
  kind: SessionKind;
  userId: string;
  workspaceId: string | null;
  serverId: string | null;
  agentId: string | null;
  state: SessionState;
  containerId: string | null;
  errorMessage: string | null;
  /** When the reaper ends the session whatever happens (its time limit). */
  expiresAt: Date | null;
  /** When the reaper ends a running session unless a keepalive moves this on. */
  keepaliveUntil: Date | null;
  /** The id others open to watch, while the owner shares the session. */
  shareId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const toSession = (row: SessionRow): SessionRecord => ({
  id: row.id,
  kind: row.kind,
  userId: row.user_id,
  workspaceId: row.workspace_id,
  serverId: row.server_id,
  agentId: row.agent_id,
  state: row.state,
  containerId: row.container_id,
  errorMessage: row.error_message,
  expiresAt: row.expires_at,
  keepaliveUntil: row.keepalive_until,
  shareId: row.share_id,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** Fields a transition may set together with the new state. */
type TransitionFields = Partial<Pick<SessionRecord, 'agentId' | 'containerId' | 'errorMessage' | 'keepaliveUntil'>>;

export interface TransitionChange {
  to: SessionState;
  actor: string;
  detail?: string;
  set?: TransitionFields;
}

const transitionColumns = (set: TransitionFields = {}) => ({
  ...(set.agentId !== undefined && { agent_id: set.agentId }),
  ...(set.containerId !== undefined && { container_id: set.containerId }),
  ...(set.errorMessage !== undefined && { error_message: set.errorMessage }),
  ...(set.keepaliveUntil !== undefined && { keepalive_until: set.keepaliveUntil }),
});

export class SessionsRepository {
  constructor(private readonly knex: Knex) {}

  /** How many sessions are in each state, by kind (container or remote): what the metrics report. */
  async countByStateAndKind(): Promise<{ state: string; kind: string; count: number }[]> {
    const rows: { state: string; kind: string; count: string }[] = await this.knex('sessions')
      .groupBy('state', 'kind')
      .select('state', 'kind')
      .count('* as count');
    return rows.map((row) => ({ state: row.state, kind: row.kind, count: Number(row.count) }));
  }

  /** A new session in `requested`, with its first event. Run inside a transaction. */
  async create(session: {
    /** A session id chosen in advance (a staged container's); else a new one. */
    id?: string;
    kind: SessionKind;
    userId: string;
    workspaceId?: string;
    serverId?: string;
    actor: string;
    expiresAt: Date;
    keepaliveUntil: Date;
    /** What a container session is given (its workspace's size, or its user's override). */
    resources?: { cores: number; memoryMb: number };
  }): Promise<SessionRecord> {
    const [row] = await this.knex('sessions')
      .insert({
        ...(session.id && { id: session.id }),
        kind: session.kind,
        user_id: session.userId,
        workspace_id: session.workspaceId ?? null,
        server_id: session.serverId ?? null,
        state: 'requested',
        expires_at: session.expiresAt,
        keepalive_until: session.keepaliveUntil,
        cores: session.resources?.cores ?? null,
        memory_mb: session.resources?.memoryMb ?? null,
      })
      .returning('*');
    const created = toSession(row as SessionRow);
    await this.knex('session_events').insert({ session_id: created.id, from_state: null, to_state: 'requested', actor: session.actor });
    return created;
  }

  /**
   * Moves a session to a new state if the state machine allows it from where the row is now (read under
   * a row lock, so concurrent changes serialise), and records the event with its actor. Run in a transaction.
   */
  async transition(id: string, change: TransitionChange): Promise<SessionRecord> {
    const current = await this.knex<SessionRow>('sessions').where({ id }).forUpdate().first();
    if (!current) throw new Error(`session ${id} does not exist`);
    assertTransition(current.state, change.to);
    const ended = TERMINAL_STATES.includes(change.to) ? { ended_at: this.knex.fn.now() } : {};
    const [row] = await this.knex('sessions')
      .where({ id })
      .update({ state: change.to, updated_at: this.knex.fn.now(), ...ended, ...transitionColumns(change.set) })
      .returning('*');
    await this.knex('session_events').insert({
      session_id: id,
      from_state: current.state,
      to_state: change.to,
      actor: change.actor,
      detail: change.detail ?? null,
    });
    return toSession(row as SessionRow);
  }

  async findById(id: string): Promise<SessionRecord | undefined> {
    const row = await this.knex<SessionRow>('sessions').where({ id }).first();
    return row && toSession(row);
  }

  /** Newest first, at most `limit`; `live` keeps only sessions in a live state. */
  async list(filter: { userId?: string; live?: boolean; limit: number }): Promise<SessionRecord[]> {
    const query = this.knex<SessionRow>('sessions').orderBy('created_at', 'desc').limit(filter.limit);
    if (filter.userId) query.where({ user_id: filter.userId });
    if (filter.live) query.whereIn('state', LIVE_STATES);
    return (await query).map(toSession);
  }

  /** Every live session (of a user): as many as the hosts' capacity allows, so the limit only guards the query. */
  listLive(filter: { userId?: string } = {}): Promise<SessionRecord[]> {
    return this.list({ ...filter, live: true, limit: 10_000 });
  }

  /** Which of these sessions are live (a record in a live state): the others' containers are orphans. */
  async liveAmong(ids: string[]): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const rows = await this.knex('sessions').whereIn('id', ids).whereIn('state', LIVE_STATES).select('id');
    return new Set(rows.map((row: { id: string }) => row.id));
  }

  /** Sessions of a user that count against the session limit; locks them so two launches cannot both pass. */
  async countLiveForUpdate(userId: string): Promise<number> {
    const rows = await this.knex('sessions').where({ user_id: userId }).whereIn('state', LIVE_STATES).forUpdate().select('id');
    return rows.length;
  }

  /** Running, paused or stopped container sessions placed on an agent whose last change is before `startedBefore`. */
  async listActiveOnAgent(agentId: string, startedBefore: Date): Promise<SessionRecord[]> {
    const rows = await this.knex<SessionRow>('sessions')
      .where({ agent_id: agentId, kind: 'container' })
      .whereIn('state', ['running', 'paused', 'stopped'])
      .where('updated_at', '<', startedBefore);
    return rows.map(toSession);
  }

  /**
   * What the reaper must end now, oldest first: live sessions past their time limit, running sessions past
   * their keepalive deadline (a paused or stopped session waits for its owner), starts that never finished
   * (still `requested` or `provisioning` since before `startsStuckBefore`: the webapp that was starting them
   * stopped), and `stopping` sessions whose container could not be removed and whose retry is due. Locked and
   * skipped by other replicas' reapers.
   */
  async listDueForEnd(limit: number, startsStuckBefore: Date): Promise<SessionRecord[]> {
    const rows = await this.knex<SessionRow>('sessions')
      .where((query) =>
        query
          .where((expired) => expired.whereIn('state', ['running', 'paused', 'stopped', 'error', 'lost']).where('expires_at', '<', this.knex.fn.now()))
          .orWhere((idle) => idle.where('state', 'running').where('keepalive_until', '<', this.knex.fn.now()))
          .orWhere((stuck) => stuck.whereIn('state', ['requested', 'provisioning']).where('updated_at', '<', startsStuckBefore))
          .orWhere((retry) => retry.where('state', 'stopping').where('stop_retry_at', '<=', this.knex.fn.now())),
      )
      .orderBy('updated_at')
      .limit(limit)
      .forUpdate()
      .skipLocked();
    return rows.map(toSession);
  }

  /**
   * Records that removing the session's container failed, and when to try again: 5 s after the first
   * failure, doubling up to 5 minutes.
   */
  async recordStopFailure(id: string): Promise<void> {
    await this.knex('sessions')
      .where({ id })
      .update({
        stop_attempts: this.knex.raw('stop_attempts + 1'),
        stop_retry_at: this.knex.raw(`now() + least(interval '5 minutes', interval '5 seconds' * power(2, stop_attempts))`),
        updated_at: this.knex.fn.now(),
      });
  }

  /** Moves a running session's keepalive deadline; false when the session is not running (nothing to keep alive). */
  async keepalive(id: string, until: Date): Promise<boolean> {
    const updated = await this.knex('sessions').where({ id, state: 'running' }).update({ keepalive_until: until });
    return updated > 0;
  }

  /** Starts sharing (a new share id) or stops it (null, which also forgets who joined). Run in a transaction. */
  async setShareId(id: string, shareId: string | null): Promise<SessionRecord> {
    const [row] = await this.knex('sessions').where({ id }).update({ share_id: shareId, updated_at: this.knex.fn.now() }).returning('*');
    if (shareId === null) await this.knex('session_viewers').where({ session_id: id }).delete();
    return toSession(row as SessionRow);
  }

  async findByShareId(shareId: string): Promise<SessionRecord | undefined> {
    const row = await this.knex<SessionRow>('sessions').where({ share_id: shareId }).first();
    return row && toSession(row);
  }

  /** Records that a user joined a shared session (joining twice changes nothing). */
  async addViewer(sessionId: string, userId: string): Promise<void> {
    await this.knex('session_viewers').insert({ session_id: sessionId, user_id: userId }).onConflict(['session_id', 'user_id']).ignore();
  }

  async isViewer(sessionId: string, userId: string): Promise<boolean> {
    return (await this.knex('session_viewers').where({ session_id: sessionId, user_id: userId }).first('user_id')) !== undefined;
  }

  async listViewers(sessionId: string): Promise<{ userId: string; username: string; joinedAt: Date }[]> {
    const rows: { user_id: string; username: string; joined_at: Date }[] = await this.knex('session_viewers')
      .join('users', 'users.id', 'session_viewers.user_id')
      .where('session_viewers.session_id', sessionId)
      .orderBy('session_viewers.joined_at')
      .select('session_viewers.user_id', 'users.username', 'session_viewers.joined_at');
    return rows.map((row) => ({ userId: row.user_id, username: row.username, joinedAt: row.joined_at }));
  }
}
