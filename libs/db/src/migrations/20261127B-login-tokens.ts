import type { Knex } from 'knex';

/**
 * One-time login tokens: the `kasm_url` an integration hands a user signs them in once, within a minute, and
 * opens their session. Only the SHA-256 of each token is stored.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('login_tokens', (t) => {
    t.text('token_hash').primary();
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.uuid('session_id').notNullable().references('sessions.id').onDelete('CASCADE');
    t.uuid('api_key_id').references('api_keys.id').onDelete('SET NULL');
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('used_at', { useTz: true });
    t.index(['expires_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('login_tokens');
}
