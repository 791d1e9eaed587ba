import type { Knex } from 'knex';

/**
 * Passkeys and security keys (WebAuthn) as second factors: each a `user_factors` row of kind 'webauthn' with its
 * credential id (unique across users), public key, signature counter and transports. `webauthn_challenges`: the one
 * challenge a browser session is answering (a registration or a sign-in), short-lived and used once.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('user_factors', (t) => {
    t.text('credential_id').unique();
    t.binary('public_key');
    t.bigInteger('sign_count');
    t.specificType('transports', 'text[]');
  });
  await knex.schema.createTable('webauthn_challenges', (t) => {
    t.uuid('auth_session_id').primary().references('auth_sessions.id').onDelete('CASCADE');
    t.text('purpose').notNullable();
    t.text('challenge').notNullable();
    t.timestamp('expires_at', { useTz: true }).notNullable();
  });
  await knex.raw(`alter table webauthn_challenges add constraint webauthn_challenges_purpose check (purpose in ('register', 'authenticate'))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('webauthn_challenges');
  await knex.schema.alterTable('user_factors', (t) => {
    for (const column of ['credential_id', 'public_key', 'sign_count', 'transports']) t.dropColumn(column);
  });
}
