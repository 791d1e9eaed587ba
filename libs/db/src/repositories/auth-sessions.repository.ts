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

export class AuthSessionsRepository {
  constructor(private readonly knex: Knex) {}

  async create(session: { tokenHash: string; userId: string; expiresAt: Date; userAgent: string; ip: string }): Promise<void> {
    await this.knex('auth_sessions').insert({
      token_hash: session.tokenHash,
      user_id: session.userId,
      expires_at: session.expiresAt,
      user_agent: session.userAgent.slice(0, 512),
      ip: session.ip,
    });
  }

  /** A session that exists, is not revoked and has not expired, with its user not disabled. */
  async findLive(tokenHash: string): Promise<LiveAuthSession | undefined> {
    const row = await this.knex('auth_sessions as s')
      .join('users as u', 'u.id', 's.user_id')
      .where('s.token_hash', tokenHash)
      .whereNull('s.revoked_at')
      .where('s.expires_at', '>', this.knex.fn.now())
      .where('u.disabled', false)
      .first('s.id', 's.user_id', 's.expires_at', 'u.username', 'u.role');
    return row && { id: row.id, userId: row.user_id, username: row.username, role: row.role, expiresAt: row.expires_at };
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
