import type { Knex } from 'knex';

/**
 * Staging pools: how many ready containers each workspace keeps warm, and those containers. A staged
 * container is started for a session id chosen in advance; a launch that claims it creates the session
 * under that id, so the agent's labels, directory and socket are already right.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('workspaces', (t) => {
    t.integer('staging_size').notNullable().defaultTo(0);
    t.check('staging_size between 0 and 50', [], 'workspaces_staging_size_check');
  });
  await knex.schema.createTable('staging_slots', (t) => {
    t.uuid('id').primary();
    t.uuid('workspace_id').notNullable().references('workspaces.id').onDelete('CASCADE');
    t.uuid('agent_id').references('agents.id').onDelete('CASCADE');
    // The image it was started from: after the workspace's image changes, the slot is replaced.
    t.text('image').notNullable();
    t.decimal('cores', 6, 2).notNullable();
    t.integer('memory_mb').notNullable();
    t.text('state').notNullable().checkIn(['starting', 'ready'], 'staging_slots_state_check');
    t.text('container_id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('ready_at', { useTz: true });
    t.index(['workspace_id', 'state']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('staging_slots');
  await knex.schema.alterTable('workspaces', (t) => {
    t.dropChecks('workspaces_staging_size_check');
    t.dropColumn('staging_size');
  });
}
