import { assertTransition, LIVE_STATES, type SessionKind, type SessionState } from '@atrium/contracts';
import type { Knex } from 'knex';

export interface SessionRow {
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
  created_at: Date;
  updated_at: Date;
}

export interface TransitionChange {
  to: SessionState;
  actor: string;
  detail?: string;
  set?: Partial<Pick<SessionRow, 'agent_id' | 'container_id' | 'error_message'>>;
}

export class SessionsRepository {
  constructor(private readonly knex: Knex) {}

  /** A new session in `requested`, with its first event. Run inside a transaction. */
  async create(session: { kind: SessionKind; userId: string; workspaceId?: string; serverId?: string; actor: string; expiresAt: Date }): Promise<SessionRow> {
    const [row] = await this.knex('sessions')
      .insert({
        kind: session.kind,
        user_id: session.userId,
        workspace_id: session.workspaceId ?? null,
        server_id: session.serverId ?? null,
        state: 'requested',
        expires_at: session.expiresAt,
      })
      .returning('*');
    const created = row as SessionRow;
    await this.knex('session_events').insert({ session_id: created.id, from_state: null, to_state: 'requested', actor: session.actor });
    return created;
  }

  /**
   * Moves a session to a new state if the state machine allows it from where the row is now (read under
   * a row lock, so concurrent changes serialise), and records the event with its actor. Run in a transaction.
   */
  async transition(id: string, change: TransitionChange): Promise<SessionRow> {
    const current = await this.knex<SessionRow>('sessions').where({ id }).forUpdate().first();
    if (!current) throw new Error(`session ${id} does not exist`);
    assertTransition(current.state, change.to);
    const ended = change.to === 'destroyed' ? { ended_at: this.knex.fn.now() } : {};
    const [row] = await this.knex('sessions')
      .where({ id })
      .update({ state: change.to, updated_at: this.knex.fn.now(), ...ended, ...change.set })
      .returning('*');
    await this.knex('session_events').insert({ session_id: id, from_state: current.state, to_state: change.to, actor: change.actor, detail: change.detail ?? null });
    return row as SessionRow;
  }

  findById(id: string): Promise<SessionRow | undefined> {
    return this.knex<SessionRow>('sessions').where({ id }).first();
  }

  list(filter: { userId?: string }): Promise<SessionRow[]> {
    const query = this.knex<SessionRow>('sessions').orderBy('created_at', 'desc').limit(500);
    if (filter.userId) query.where({ user_id: filter.userId });
    return query;
  }

  /** Sessions of a user that count against the session limit; locks them so two launches cannot both pass. */
  async countLiveForUpdate(userId: string): Promise<number> {
    const rows = await this.knex('sessions').where({ user_id: userId }).whereIn('state', LIVE_STATES).forUpdate().select('id');
    return rows.length;
  }

  /** Running or paused container sessions placed on an agent before `startedBefore`. */
  listActiveOnAgent(agentId: string, startedBefore: Date): Promise<SessionRow[]> {
    return this.knex<SessionRow>('sessions')
      .where({ agent_id: agentId, kind: 'container' })
      .whereIn('state', ['running', 'paused', 'stopped'])
      .where('updated_at', '<', startedBefore);
  }

  /** Live sessions whose time is up, oldest first; locked and skipped by other replicas' reapers. */
  listExpired(limit: number): Promise<SessionRow[]> {
    return this.knex<SessionRow>('sessions')
      .whereIn('state', ['running', 'paused', 'stopped', 'error', 'lost'])
      .where('expires_at', '<', this.knex.fn.now())
      .orderBy('expires_at')
      .limit(limit)
      .forUpdate()
      .skipLocked();
  }

  events(id: string): Promise<{ from_state: string | null; to_state: string; actor: string; at: Date }[]> {
    return this.knex('session_events').where({ session_id: id }).orderBy('id');
  }
}
