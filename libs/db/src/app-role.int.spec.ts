import { createLogger } from '@atrium/logging';
import { createTestDatabase, type TestDatabase } from '@atrium/testing';
import type { Knex } from 'knex';
import { ensureAppRole } from './app-role';
import { createKnex } from './create-knex';
import { migrateLatest } from './migrator';
import { scramSha256Verifier } from './scram-verifier';

let database: TestDatabase;
let owner: Knex;
let app: Knex;
const role = { name: `atrium_app_${Date.now() % 100_000}`, password: 'app-password-of-the-test' };
const logger = createLogger('test', { level: 'silent' });

beforeAll(async () => {
  database = await createTestDatabase();
  owner = createKnex(database.settings, logger);
  await migrateLatest(owner);
  await ensureAppRole(owner, role);
  await ensureAppRole(owner, role); // a second start changes nothing
  app = createKnex({ ...database.settings, user: role.name, password: role.password }, logger);
});
afterAll(async () => {
  await app.destroy();
  await owner.raw(`drop owned by ${role.name}`);
  await owner.destroy();
  await database.drop();
  const cleanup = createKnex({ ...database.settings, database: 'postgres' }, logger);
  await cleanup.raw(`drop role if exists ${role.name}`).finally(() => cleanup.destroy());
});

describe("the webapp's database role", () => {
  it('should read and write rows, with the tables owner-made defaults (ids) working', async () => {
    const [user] = await app('users').insert({ username: 'row-writer', password_hash: 'x' }).returning('id');
    expect(user.id).toMatch(/^[0-9a-f-]{36}$/);
    await app('audit_log').insert({ actor_type: 'system', action: 'test' });
    expect(await app('users').where({ id: user.id }).update({ disabled: true })).toBe(1);
  });

  it.each([
    ['create a table', 'create table stolen (x int)'],
    ['drop a table', 'drop table audit_log'],
    ['alter a table', 'alter table users add column x int'],
    ['create a role', 'create role other'],
    ['truncate the audit log', 'truncate audit_log'],
  ])('should not be able to %s', async (_what, statement) => {
    await expect(app.raw(statement)).rejects.toThrow(/permission denied|must be owner|must be superuser|must have CREATEROLE/);
  });

  it('should be able to use tables that a later migration adds, without a grant of their own', async () => {
    await owner.schema.createTable('added_later', (t) => t.increments('id'));
    await app('added_later').insert({});
    expect(await app('added_later').count({ n: '*' })).toEqual([{ n: '1' }]);
  });

  it('should sign in with the password, whose text was never sent in a statement', async () => {
    const stored = await owner.raw('select rolpassword from pg_authid where rolname = ?', [role.name]);
    expect(stored.rows[0].rolpassword).toMatch(/^SCRAM-SHA-256\$4096:/);
    expect(stored.rows[0].rolpassword).not.toContain(role.password);
  });

  it('should compute verifiers exactly as PostgreSQL does', async () => {
    const name = `scram_probe_${Date.now() % 100_000}`;
    await owner.raw(`create role ${name} password 'pencil-of-postgres'`);
    try {
      const stored = (await owner.raw('select rolpassword from pg_authid where rolname = ?', [name])).rows[0].rolpassword as string;
      const salt = Buffer.from(stored.split('$')[1]?.split(':')[1] ?? '', 'base64');
      expect(scramSha256Verifier('pencil-of-postgres', salt)).toBe(stored);
    } finally {
      await owner.raw(`drop role ${name}`);
    }
  });
});
