import type { Knex } from 'knex';

/** Where a workspace's traffic may go (`none` or `internet`); existing workspaces keep internet access. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('workspaces', (t) => {
    t.text('egress').notNullable().defaultTo('internet').checkIn(['none', 'internet'], 'workspaces_egress_check');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('workspaces', (t) => {
    t.dropChecks('workspaces_egress_check');
    t.dropColumn('egress');
  });
}
