import type { Knex } from 'knex';

export interface AuthSessionRow {
  id: string;
  token_hash: string;
  user_id: string;
  expires_at: Date;
  revoked_at: Date | null;
  last_seen_at: Date;
}

export class AuthSessionsRepository {
  constructor(private readonly knex: Knex) {}

  async create(session: { tokenHash: string; userId: string; expiresAt: Date; userAgent: string; ip: string }): Promise<AuthSessionRow> {
    const [row] = await this.knex('auth_sessions')
      .insert({
        token_hash: session.tokenHash,
        user_id: session.userId,
        expires_at: session.expiresAt,
        user_agent: session.userAgent.slice(0, 512),
        ip: session.ip,
      })
      .returning('*');
    return row as AuthSessionRow;
  }

  /** A session that exists, is not revoked and has not expired, with its user not disabled. */
  findLive(tokenHash: string): Promise<(AuthSessionRow & { username: string; role: string }) | undefined> {
    return this.knex('auth_sessions as s')
      .join('users as u', 'u.id', 's.user_id')
      .where('s.token_hash', tokenHash)
      .whereNull('s.revoked_at')
      .where('s.expires_at', '>', this.knex.fn.now())
      .where('u.disabled', false)
      .first('s.*', 'u.username', 'u.role');
  }

  async touch(id: string): Promise<void> {
    await this.knex('auth_sessions').where({ id }).update({ last_seen_at: this.knex.fn.now() });
  }

  async revoke(id: string): Promise<void> {
    await this.knex('auth_sessions').where({ id }).whereNull('revoked_at').update({ revoked_at: this.knex.fn.now() });
  }
}
