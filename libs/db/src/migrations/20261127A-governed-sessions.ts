import type { Knex } from 'knex';

/**
 * Group priority (which group's settings win), keepalive deadlines, and sharing: a session's share id and
 * the users who joined through it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('groups', (t) => {
    t.integer('priority').notNullable().defaultTo(100);
    t.check('priority between 1 and 4096', [], 'groups_priority_check');
  });
  await knex.schema.alterTable('sessions', (t) => {
    // A running session without a keepalive past this moment is ended by the reaper.
    t.timestamp('keepalive_until', { useTz: true });
    t.text('share_id').unique();
  });
  await knex.schema.createTable('session_viewers', (t) => {
    t.uuid('session_id').notNullable().references('sessions.id').onDelete('CASCADE');
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.timestamp('joined_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['session_id', 'user_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('session_viewers');
  await knex.schema.alterTable('sessions', (t) => {
    t.dropColumn('share_id');
    t.dropColumn('keepalive_until');
  });
  await knex.schema.alterTable('groups', (t) => {
    t.dropChecks('groups_priority_check');
    t.dropColumn('priority');
  });
}
