import type { Knex } from 'knex';
import { scramSha256Verifier } from './scram-verifier';

export interface AppRole {
  name: string;
  password: string;
}

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * The role the webapp runs as: it reads and writes rows of the schema's tables and uses their sequences, and
 * nothing else (no schema changes, no other roles, no superuser). Run by the database owner after
 * migrations: creates the role or resets its password, and grants on every table now and later
 * (default privileges), so a new migration needs no grant of its own.
 */
export async function ensureAppRole(owner: Knex, role: AppRole): Promise<void> {
  if (!ROLE_NAME.test(role.name)) throw new Error(`invalid database role name ${role.name}`);
  const verifier = scramSha256Verifier(role.password);
  await owner.transaction(async (trx) => {
    const exists = (await trx('pg_roles').where({ rolname: role.name }).first('rolname')) !== undefined;
    const statement = exists ? 'alter role %I with login password %L' : 'create role %I with login nosuperuser nocreatedb nocreaterole noinherit password %L';
    await execute(trx, statement, [role.name, verifier]);
    await execute(trx, 'grant connect on database %I to %I', [await currentDatabase(trx), role.name]);
    await execute(trx, 'grant usage on schema public to %I', [role.name]);
    await execute(trx, 'grant select, insert, update, delete on all tables in schema public to %I', [role.name]);
    await execute(trx, 'grant usage, select on all sequences in schema public to %I', [role.name]);
    await execute(trx, 'alter default privileges in schema public grant select, insert, update, delete on tables to %I', [role.name]);
    await execute(trx, 'alter default privileges in schema public grant usage, select on sequences to %I', [role.name]);
  });
}

/** DDL takes no bind parameters: PostgreSQL's format() quotes identifiers (%I) and literals (%L) itself. */
async function execute(trx: Knex.Transaction, template: string, values: string[]): Promise<void> {
  const formatted = await trx.raw(`select format(?::text, ${values.map(() => '?::text').join(', ')}) as sql`, [template, ...values]);
  await trx.raw((formatted.rows[0] as { sql: string }).sql);
}

async function currentDatabase(trx: Knex.Transaction): Promise<string> {
  return ((await trx.raw('select current_database() as name')).rows[0] as { name: string }).name;
}
