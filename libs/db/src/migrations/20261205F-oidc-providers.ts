import type { Knex } from 'knex';

/**
 * OpenID Connect sign-in. `oidc_providers`: an issuer, the client Atrium is registered as (its secret sealed with the
 * credentials key), which claims name the person and their groups, and which claim values make people members of
 * which Atrium groups. `users.oidc_provider_id` + `users.oidc_subject`: the person a provider vouches for, linked by
 * the provider's stable subject (never by a name the provider sends, which another account could carry).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('oidc_providers', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('name').notNullable().unique();
    t.text('issuer').notNullable();
    t.text('client_id').notNullable();
    t.binary('client_secret_sealed').notNullable();
    t.text('scopes').notNullable().defaultTo('openid profile email');
    t.text('username_claim').notNullable().defaultTo('preferred_username');
    t.text('groups_claim').notNullable().defaultTo('groups');
    t.jsonb('group_mappings').notNullable().defaultTo('[]');
    t.text('ca_certificate');
    t.boolean('create_users').notNullable().defaultTo(true);
    t.boolean('enabled').notNullable().defaultTo(true);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.alterTable('users', (t) => {
    t.uuid('oidc_provider_id').references('oidc_providers.id').onDelete('SET NULL');
    t.text('oidc_subject');
    t.unique(['oidc_provider_id', 'oidc_subject']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.dropUnique(['oidc_provider_id', 'oidc_subject']);
    t.dropColumn('oidc_subject');
    t.dropColumn('oidc_provider_id');
  });
  await knex.schema.dropTable('oidc_providers');
}
