import type { Knex } from 'knex';

/**
 * Capacity with overcommit: each agent's CPU overcommit ratio and memory reserve, what each session was
 * given (a group may override the workspace's cores and memory), and whether a workspace's CPU is a hard
 * quota or only a share.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('agents', (t) => {
    t.decimal('cpu_overcommit', 6, 2).notNullable().defaultTo(1);
    t.integer('memory_reserve_mb').notNullable().defaultTo(0);
  });
  await knex.schema.alterTable('sessions', (t) => {
    t.decimal('cores', 6, 2);
    t.integer('memory_mb');
  });
  await knex.schema.alterTable('workspaces', (t) => {
    t.boolean('cpu_hard_limit').notNullable().defaultTo(false);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('workspaces', (t) => t.dropColumn('cpu_hard_limit'));
  await knex.schema.alterTable('sessions', (t) => {
    t.dropColumn('memory_mb');
    t.dropColumn('cores');
  });
  await knex.schema.alterTable('agents', (t) => {
    t.dropColumn('memory_reserve_mb');
    t.dropColumn('cpu_overcommit');
  });
}
