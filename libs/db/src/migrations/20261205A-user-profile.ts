import type { Knex } from 'knex';

/**
 * The profile fields organisations manage (and the public Kasm clients send): first and last name, organisation,
 * phone; and `locked`, which Kasm keeps apart from `disabled` (either one keeps the user from signing in, and a
 * declarative client reads back each as it wrote it).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.string('first_name', 128).notNullable().defaultTo('');
    t.string('last_name', 128).notNullable().defaultTo('');
    t.string('organization', 256).notNullable().defaultTo('');
    t.string('phone', 64).notNullable().defaultTo('');
    t.boolean('locked').notNullable().defaultTo(false);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    for (const column of ['first_name', 'last_name', 'organization', 'phone', 'locked']) t.dropColumn(column);
  });
}
