import type { Knex } from 'knex';

/**
 * LDAP / Active Directory sign-in. `ldap_directories`: where a directory is (LDAPS, or LDAP with StartTLS: never in
 * clear), the CA its certificate must chain to, the service account to search with (its password sealed with the
 * credentials key), how people and their groups are found, and which directory groups make people members of which
 * Atrium groups. `users.directory_id`: a person the directory vouches for (their password is never stored here).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('ldap_directories', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('name').notNullable().unique();
    t.text('url').notNullable();
    t.boolean('start_tls').notNullable().defaultTo(false);
    t.text('ca_certificate');
    t.text('bind_dn').notNullable();
    t.binary('bind_password_sealed').notNullable();
    t.text('user_base_dn').notNullable();
    t.text('user_filter').notNullable();
    t.text('group_base_dn').notNullable();
    t.text('group_filter').notNullable();
    t.jsonb('group_mappings').notNullable().defaultTo('[]');
    t.boolean('create_users').notNullable().defaultTo(true);
    t.boolean('enabled').notNullable().defaultTo(true);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.alterTable('users', (t) => {
    t.uuid('directory_id').references('ldap_directories.id').onDelete('SET NULL');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('directory_id');
  });
  await knex.schema.dropTable('ldap_directories');
}
