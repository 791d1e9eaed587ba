import type { Knex } from 'knex';

/**
 * An agent on the same host as kasm_proxy may offer its desktop streams on a Unix socket in a volume they share:
 * kasm_proxy then relays without a trip through the container network.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('agents', (t) => t.text('stream_socket'));
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('agents', (t) => t.dropColumn('stream_socket'));
}
