import type { Knex } from 'knex';

/**
 * Second factors. `user_factors`: a user's authenticator apps (TOTP: the seed sealed with the credentials key, never
 * in clear; the last time step used, so a code cannot be used twice) and, later, passkeys; a factor is used only once
 * `confirmed_at` is set (the user proved it with a code). `recovery_codes`: one-time codes, SHA-256 only.
 * `auth_sessions.second_factor`: a browser session that passed the password but not yet the second factor
 * ('verify') or must enrol one first ('enrol'); such a session opens nothing but the second-factor routes.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('user_factors', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('kind').notNullable();
    t.text('name').notNullable();
    t.binary('totp_secret_sealed');
    t.bigInteger('totp_last_step');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('confirmed_at', { useTz: true });
    t.timestamp('last_used_at', { useTz: true });
    t.index(['user_id']);
  });
  await knex.raw(`alter table user_factors add constraint user_factors_kind check (kind in ('totp', 'webauthn'))`);
  await knex.schema.createTable('recovery_codes', (t) => {
    t.text('code_hash').primary();
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.timestamp('used_at', { useTz: true });
    t.index(['user_id']);
  });
  await knex.schema.alterTable('auth_sessions', (t) => {
    t.text('second_factor');
  });
  await knex.raw(`alter table auth_sessions add constraint auth_sessions_second_factor check (second_factor in ('verify', 'enrol'))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('auth_sessions', (t) => {
    t.dropColumn('second_factor');
  });
  await knex.schema.dropTable('recovery_codes');
  await knex.schema.dropTable('user_factors');
}
