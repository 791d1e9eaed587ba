import { createLogger } from '@atrium/logging';
import { createTestDatabase, type TestDatabase } from '@atrium/testing';
import type { Knex } from 'knex';
import { createKnex } from './create-knex';
import { listMigrationNames, migrateLatest, rollbackAll, rollbackLast, SchemaNewerThanCodeError } from './migrator';

const expectedTables = [
  'agents',
  'api_keys',
  'audit_log',
  'auth_sessions',
  'group_members',
  'group_settings',
  'groups',
  'ldap_directories',
  'login_failures',
  'login_tokens',
  'oidc_providers',
  'profiles',
  'recovery_codes',
  'server_groups',
  'servers',
  'session_events',
  'session_viewers',
  'sessions',
  'staging_slots',
  'user_factors',
  'users',
  'webauthn_challenges',
  'workspaces',
];

let database: TestDatabase;
let knex: Knex;

beforeAll(async () => {
  database = await createTestDatabase();
  knex = createKnex(database.settings, createLogger('test', { level: 'silent' }));
});
afterAll(async () => {
  await knex.destroy();
  await database.drop();
});

async function tables(): Promise<string[]> {
  const rows = await knex('information_schema.tables').where({ table_schema: 'public' }).whereNot('table_name', 'like', 'knex_%').pluck('table_name');
  return rows.sort();
}

describe('migrations', () => {
  it('should apply every migration on an empty database and create the first schema', async () => {
    expect(await migrateLatest(knex)).toEqual(listMigrationNames());
    expect(await tables()).toEqual(expectedTables);
  });

  it('should apply nothing the second time', async () => {
    expect(await migrateLatest(knex)).toEqual([]);
  });

  it('should refuse a database that a newer Atrium migrated, naming the way back, and change nothing', async () => {
    const future = '20991231A-from-a-newer-release';
    await knex('knex_migrations').insert({ name: future, batch: 99, migration_time: new Date() });
    try {
      const refusal = migrateLatest(knex);
      await expect(refusal).rejects.toThrow(SchemaNewerThanCodeError);
      await expect(refusal).rejects.toThrow(`the database was migrated by a newer Atrium (${future} unknown to this one): downgrades are not supported`);
      expect(await tables()).toEqual(expectedTables);
    } finally {
      await knex('knex_migrations').where({ name: future }).delete();
    }
    expect(await migrateLatest(knex)).toEqual([]);
  });

  it('should let two concurrent starts migrate once between them', async () => {
    await rollbackAll(knex);
    const other = createKnex(database.settings, createLogger('test', { level: 'silent' }));
    try {
      const [first, second] = await Promise.all([migrateLatest(knex), migrateLatest(other)]);
      expect([...first, ...second]).toEqual(listMigrationNames());
    } finally {
      await other.destroy();
    }
  });

  it('should take every migration down and up again', async () => {
    expect(await rollbackAll(knex)).toEqual([...listMigrationNames()].reverse());
    expect(await tables()).toEqual([]);
    await migrateLatest(knex);
    expect(await tables()).toEqual(expectedTables);
  });

  it('should enforce case-insensitive unique usernames', async () => {
    await knex('users').insert({ username: 'Alice', password_hash: 'x' });
    await expect(knex('users').insert({ username: 'alice', password_hash: 'x' })).rejects.toThrow(/users_username_unique/);
  });

  it('should keep sessions through the stop-retries migration, down and up', async () => {
    await migrateLatest(knex);
    const [user] = await knex('users').insert({ username: 'fixture', password_hash: 'x' }).returning('id');
    const [session] = await knex('sessions').insert({ kind: 'container', user_id: user.id, state: 'stopping' }).returning('id');
    expect(await knex('sessions').where({ id: session.id }).first()).toMatchObject({ stop_attempts: 0, stop_retry_at: null });
    await rollbackUntil('20261126A-session-stop-retries');
    expect(await knex('sessions').where({ id: session.id }).first()).toMatchObject({ state: 'stopping' });
    await migrateLatest(knex);
    expect(await knex('sessions').where({ id: session.id }).first()).toMatchObject({ state: 'stopping', stop_attempts: 0 });
  });

  it('should give existing groups the middle priority, and keep groups and sessions through the governed-sessions migration', async () => {
    await migrateLatest(knex);
    await rollbackUntil('20261127A-governed-sessions');
    const [group] = await knex('groups').insert({ name: 'before-priorities' }).returning('id');
    const [user] = await knex('users').insert({ username: 'governed', password_hash: 'x' }).returning('id');
    const [session] = await knex('sessions').insert({ kind: 'container', user_id: user.id, state: 'running' }).returning('id');
    await migrateLatest(knex);
    expect(await knex('groups').where({ id: group.id }).first()).toMatchObject({ priority: 100 });
    expect(await knex('sessions').where({ id: session.id }).first()).toMatchObject({ state: 'running', share_id: null, keepalive_until: null });
    await expect(knex('groups').where({ id: group.id }).update({ priority: 0 })).rejects.toThrow(/groups_priority_check/);
    await rollbackUntil('20261127A-governed-sessions');
    expect(await knex('sessions').where({ id: session.id }).first()).toMatchObject({ state: 'running' });
    await migrateLatest(knex);
  });

  it('should keep an existing workspace through the catalogue migration, ship the new images, and take them out again', async () => {
    await migrateLatest(knex);
    await rollbackUntil('20261204A-workspace-catalogue');
    const [own] = await knex('workspaces').insert({ name: 'own-before', image: 'example/own:1', egress: 'none' }).returning('id');
    expect(await knex('workspaces').where({ name: 'chromium' }).first()).toBeUndefined();
    await migrateLatest(knex);
    expect(await knex('workspaces').where({ id: own.id }).first()).toMatchObject({
      image: 'example/own:1',
      egress: 'none',
      friendly_name: '',
      categories: [],
      icon_url: null,
      run_config: {},
      user_namespaces: false,
    });
    expect(await knex('workspaces').where({ name: 'terminal' }).first()).toMatchObject({ friendly_name: 'Terminal', icon_url: '/icons/terminal.svg' });
    expect(await knex('workspaces').whereIn('name', ['chromium', 'firefox', 'office']).count({ n: '*' })).toEqual([{ n: '3' }]);
    await expect(knex('workspaces').where({ id: own.id }).update({ egress: 'network' })).rejects.toThrow(/workspaces_egress_network_check/);
    await rollbackUntil('20261204A-workspace-catalogue');
    expect(await knex('workspaces').where({ id: own.id }).first()).toMatchObject({ image: 'example/own:1', egress: 'none' });
    expect(await knex('workspaces').where({ name: 'chromium' }).first()).toBeUndefined();
    await migrateLatest(knex);
  });
});

/** Rolls back one migration at a time, newest first, until `name` has been rolled back. */
async function rollbackUntil(name: string): Promise<void> {
  for (let step = 0; step < listMigrationNames().length; step++) {
    if ((await rollbackLast(knex)).includes(name)) return;
  }
  throw new Error(`${name} was never rolled back`);
}
