import type { Knex } from 'knex';

/**
 * Persistent profiles: a workspace may keep each user's home folder between their sessions, up to a size. The
 * homes themselves live on the agent's disk; the database records only where each one is and how big it was
 * when last saved (a user and workspace have at most one). A workspace keeps profiles or a staging pool, not both.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('workspaces', (t) => {
    t.boolean('persistent_profile').notNullable().defaultTo(false);
    t.integer('profile_size_mb').notNullable().defaultTo(512);
    t.check('profile_size_mb between 64 and 16384', [], 'workspaces_profile_size_check');
    t.check('not (persistent_profile and staging_size > 0)', [], 'workspaces_profile_not_staged_check');
  });
  await knex.schema.createTable('profiles', (t) => {
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.uuid('workspace_id').notNullable().references('workspaces.id').onDelete('CASCADE');
    t.uuid('agent_id').references('agents.id').onDelete('SET NULL');
    t.bigInteger('size_bytes').notNullable();
    t.timestamp('saved_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['user_id', 'workspace_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('profiles');
  await knex.schema.alterTable('workspaces', (t) => {
    t.dropChecks(['workspaces_profile_size_check', 'workspaces_profile_not_staged_check']);
    t.dropColumn('persistent_profile');
    t.dropColumn('profile_size_mb');
  });
}
