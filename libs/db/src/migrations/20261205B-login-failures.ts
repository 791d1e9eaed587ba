import type { Knex } from 'knex';

/**
 * The sign-in throttle's counts, shared by every webapp replica and kept across restarts: failures per key (an
 * address, an account, or the pair, hashed) in a fixed window that ends at `reset_at`.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('login_failures', (t) => {
    t.string('key', 64).primary();
    t.integer('count').notNullable();
    t.timestamp('reset_at', { useTz: true }).notNullable().index();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('login_failures');
}
