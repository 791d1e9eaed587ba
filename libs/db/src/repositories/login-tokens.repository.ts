import type { Knex } from 'knex';

export class LoginTokensRepository {
  constructor(private readonly knex: Knex) {}

  /** Stores a new token's hash, and forgets expired ones (so a polling integration leaves no pile behind). */
  async create(token: { tokenHash: string; userId: string; sessionId: string; apiKeyId: string | null; expiresAt: Date }): Promise<void> {
    await this.knex('login_tokens').where('expires_at', '<', this.knex.fn.now()).delete();
    await this.knex('login_tokens').insert({
      token_hash: token.tokenHash,
      user_id: token.userId,
      session_id: token.sessionId,
      api_key_id: token.apiKeyId,
      expires_at: token.expiresAt,
    });
  }

  /**
   * Uses a token: marks it used in the same statement that checks it is unused and unexpired, so two requests
   * racing with one token cannot both sign in. Returns whom it signs in and which session it opens.
   */
  async consume(tokenHash: string): Promise<{ userId: string; sessionId: string } | undefined> {
    const [row] = await this.knex('login_tokens')
      .where({ token_hash: tokenHash })
      .whereNull('used_at')
      .where('expires_at', '>', this.knex.fn.now())
      .update({ used_at: this.knex.fn.now() })
      .returning(['user_id', 'session_id']);
    return row && { userId: row.user_id, sessionId: row.session_id };
  }
}
