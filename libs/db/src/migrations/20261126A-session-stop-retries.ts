import type { Knex } from 'knex';

/**
 * A session whose container could not be removed stays `stopping` and is retried with backoff: how many
 * attempts failed, and when the next one is due. Existing rows start with no failed attempt.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('sessions', (t) => {
    t.integer('stop_attempts').notNullable().defaultTo(0);
    t.timestamp('stop_retry_at', { useTz: true });
    t.index(['state', 'stop_retry_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('sessions', (t) => {
    t.dropIndex(['state', 'stop_retry_at']);
    t.dropColumn('stop_retry_at');
    t.dropColumn('stop_attempts');
  });
}
