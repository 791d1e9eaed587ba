import type { UserRole } from '@atrium/contracts';
import type { Knex } from 'knex';

/** A live browser session with the user it belongs to. */
export interface LiveAuthSession {
  id: string;
  userId: string;
  username: string;
  role: UserRole;
  expiresAt: Date;
}

/** What a session that passed the password still owes: a second factor, or an enrolment first. */
export type SecondFactorStage = 'verify' | 'enrol';

export class AuthSessionsRepository {
  constructor(private readonly knex: Knex) {}

  async create(session: {
    tokenHash: string;
    userId: string;
    expiresAt: Date;
    userAgent: string;
    ip: string;
    secondFactor?: SecondFactorStage;
  }): Promise<void> {
    await this.knex('auth_sessions').insert({
      second_factor: session.secondFactor ?? null,
      token_hash: session.tokenHash,
      user_id: session.userId,
      expires_at: session.expiresAt,
      user_agent: session.userAgent.slice(0, 512),
      ip: session.ip,
    });
  }

  /**
   * A session that exists, is not revoked and has not expired, with its user not disabled, and that owes no second
   * factor: the only kind that opens anything but the second-factor routes.
   */
  async findLive(tokenHash: string): Promise<LiveAuthSession | undefined> {
    const row = await this.unexpired(tokenHash).whereNull('s.second_factor').first('s.id', 's.user_id', 's.expires_at', 'u.username', 'u.role');
    return row && { id: row.id, userId: row.user_id, username: row.username, role: row.role, expiresAt: row.expires_at };
  }

  /** A session that passed the password and still owes its second factor (`stage`). */
  async findAwaitingSecondFactor(tokenHash: string): Promise<(LiveAuthSession & { stage: SecondFactorStage }) | undefined> {
    const row = await this.unexpired(tokenHash)
      .whereNotNull('s.second_factor')
      .first('s.id', 's.user_id', 's.expires_at', 's.second_factor', 'u.username', 'u.role');
    return row && { id: row.id, userId: row.user_id, username: row.username, role: row.role, expiresAt: row.expires_at, stage: row.second_factor };
  }

  /** The second factor is done: the session opens everything its user may, until `expiresAt`. */
  async completeSecondFactor(id: string, expiresAt: Date): Promise<void> {
    await this.knex('auth_sessions').where({ id }).whereNull('revoked_at').update({ second_factor: null, expires_at: expiresAt });
  }

  private unexpired(tokenHash: string) {
    return this.knex('auth_sessions as s')
      .join('users as u', 'u.id', 's.user_id')
      .where('s.token_hash', tokenHash)
      .whereNull('s.revoked_at')
      .where('s.expires_at', '>', this.knex.fn.now())
      .where('u.disabled', false);
  }

  /** Revokes every live browser session of a user but one (the one that asked). */
  async revokeOthers(userId: string, keepId: string): Promise<void> {
    await this.knex('auth_sessions').where({ user_id: userId }).whereNot({ id: keepId }).whereNull('revoked_at').update({ revoked_at: this.knex.fn.now() });
  }

  /** Signs a user out everywhere. */
  async revokeAllOf(userId: string): Promise<void> {
    await this.knex('auth_sessions').where({ user_id: userId }).whereNull('revoked_at').update({ revoked_at: this.knex.fn.now() });
  }

  async revoke(id: string): Promise<void> {
    await this.knex('auth_sessions').where({ id }).whereNull('revoked_at').update({ revoked_at: this.knex.fn.now() });
  }
}
