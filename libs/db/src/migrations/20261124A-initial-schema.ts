import type { Knex } from 'knex';

const timestamps = (table: Knex.CreateTableBuilder, knex: Knex) => {
  table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
};

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('users', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('username').notNullable();
    t.text('password_hash').notNullable();
    t.text('role').notNullable().defaultTo('user').checkIn(['admin', 'user'], 'users_role_check');
    t.boolean('disabled').notNullable().defaultTo(false);
    t.timestamp('last_login_at', { useTz: true });
    timestamps(t, knex);
  });
  await knex.raw('create unique index users_username_unique on users (lower(username))');

  await knex.schema.createTable('groups', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('name').notNullable().unique();
    t.text('description').notNullable().defaultTo('');
    timestamps(t, knex);
  });

  await knex.schema.createTable('group_members', (t) => {
    t.uuid('group_id').notNullable().references('groups.id').onDelete('CASCADE');
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.primary(['group_id', 'user_id']);
  });

  await knex.schema.createTable('group_settings', (t) => {
    t.uuid('group_id').notNullable().references('groups.id').onDelete('CASCADE');
    t.text('key').notNullable();
    t.jsonb('value').notNullable();
    t.primary(['group_id', 'key']);
  });

  await knex.schema.createTable('workspaces', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('name').notNullable().unique();
    t.text('description').notNullable().defaultTo('');
    t.text('image').notNullable();
    t.decimal('cores', 6, 2).notNullable().defaultTo(1);
    t.integer('memory_mb').notNullable().defaultTo(1024);
    t.boolean('enabled').notNullable().defaultTo(true);
    t.text('default_resolution').notNullable().defaultTo('1280x720');
    timestamps(t, knex);
  });

  await knex.schema.createTable('agents', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('name').notNullable().unique();
    t.text('api_url').notNullable();
    t.text('secret_hash').notNullable();
    t.text('version').notNullable().defaultTo('');
    t.boolean('enabled').notNullable().defaultTo(true);
    t.decimal('cores', 8, 2).notNullable().defaultTo(0);
    t.integer('memory_mb').notNullable().defaultTo(0);
    t.decimal('allocated_cores', 8, 2).notNullable().defaultTo(0);
    t.integer('allocated_memory_mb').notNullable().defaultTo(0);
    t.jsonb('containers').notNullable().defaultTo('[]');
    t.timestamp('last_heartbeat_at', { useTz: true });
    timestamps(t, knex);
  });

  await knex.schema.createTable('servers', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('name').notNullable().unique();
    t.text('protocol').notNullable().checkIn(['rdp', 'vnc', 'ssh'], 'servers_protocol_check');
    t.text('hostname').notNullable();
    t.integer('port').notNullable();
    t.text('credential_mode').notNullable().defaultTo('static').checkIn(['static', 'prompt'], 'servers_credential_mode_check');
    // AES-GCM ciphertext of the credentials; the key lives in the secrets volume, never in the database.
    t.binary('credentials_encrypted');
    t.jsonb('settings').notNullable().defaultTo('{}');
    timestamps(t, knex);
  });

  await knex.schema.createTable('server_groups', (t) => {
    t.uuid('server_id').notNullable().references('servers.id').onDelete('CASCADE');
    t.uuid('group_id').notNullable().references('groups.id').onDelete('CASCADE');
    t.primary(['server_id', 'group_id']);
  });

  await knex.schema.createTable('sessions', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('kind').notNullable().checkIn(['container', 'remote'], 'sessions_kind_check');
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.uuid('workspace_id').references('workspaces.id').onDelete('SET NULL');
    t.uuid('server_id').references('servers.id').onDelete('SET NULL');
    t.uuid('agent_id').references('agents.id').onDelete('SET NULL');
    t.text('state').notNullable().defaultTo('requested');
    t.text('container_id');
    t.text('error_message');
    t.timestamp('expires_at', { useTz: true });
    t.timestamp('ended_at', { useTz: true });
    timestamps(t, knex);
    t.index(['user_id', 'state']);
    t.index(['agent_id', 'state']);
  });

  await knex.schema.createTable('session_events', (t) => {
    t.bigIncrements('id');
    t.uuid('session_id').notNullable().references('sessions.id').onDelete('CASCADE');
    t.text('from_state');
    t.text('to_state').notNullable();
    t.text('actor').notNullable();
    t.text('detail');
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['session_id', 'at']);
  });

  await knex.schema.createTable('api_keys', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('name').notNullable();
    t.text('key_id').notNullable().unique();
    t.text('secret_hash').notNullable();
    t.specificType('scopes', 'text[]').notNullable().defaultTo('{}');
    t.uuid('created_by').references('users.id').onDelete('SET NULL');
    t.timestamp('expires_at', { useTz: true });
    t.timestamp('revoked_at', { useTz: true });
    t.timestamp('last_used_at', { useTz: true });
    timestamps(t, knex);
  });

  await knex.schema.createTable('auth_sessions', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    // SHA-256 of the cookie value: a database leak does not hand out live sessions.
    t.text('token_hash').notNullable().unique();
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('revoked_at', { useTz: true });
    t.timestamp('last_seen_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('user_agent').notNullable().defaultTo('');
    t.text('ip').notNullable().defaultTo('');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['user_id']);
  });

  await knex.schema.createTable('audit_log', (t) => {
    t.bigIncrements('id');
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('actor_type').notNullable().checkIn(['user', 'agent', 'system', 'api_key', 'anonymous'], 'audit_actor_type_check');
    t.text('actor_id');
    t.text('action').notNullable();
    t.text('target_type');
    t.text('target_id');
    t.jsonb('detail').notNullable().defaultTo('{}');
    t.text('ip');
    t.index(['at']);
    t.index(['action', 'at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'audit_log',
    'auth_sessions',
    'api_keys',
    'session_events',
    'sessions',
    'server_groups',
    'servers',
    'agents',
    'workspaces',
    'group_settings',
    'group_members',
    'groups',
    'users',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}
