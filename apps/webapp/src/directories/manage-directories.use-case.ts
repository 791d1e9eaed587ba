import type { CreateDirectory, DirectoryTest, DirectoryView, UpdateDirectory } from '@atrium/contracts';
import { AuditRepository, DirectoriesRepository, type DirectoryFields, type DirectoryRecord } from '@atrium/db';
import { createError } from '@atrium/http';
import type { Actor } from '../auth/auth-context';
import type { AppContext } from '../context';
import { requireMappedGroupsExist } from '../groups/require-mapped-groups';
import { testDirectory } from './ldap-directory';

/** What administrators see: everything but the service account's password. */
export const toDirectoryView = (directory: DirectoryRecord): DirectoryView => ({
  id: directory.id,
  name: directory.name,
  url: directory.url,
  startTls: directory.startTls,
  caCertificate: directory.caCertificate,
  bindDn: directory.bindDn,
  userBaseDn: directory.userBaseDn,
  userFilter: directory.userFilter,
  groupBaseDn: directory.groupBaseDn,
  groupFilter: directory.groupFilter,
  groupMappings: directory.groupMappings,
  createUsers: directory.createUsers,
  enabled: directory.enabled,
  createdAt: directory.createdAt.toISOString(),
});

async function requireDirectory(ctx: AppContext, id: string): Promise<DirectoryRecord> {
  const directory = await new DirectoriesRepository(ctx.knex).findById(id);
  if (!directory) throw createError(404, 'directory_not_found', 'No such directory.');
  return directory;
}

/** The stored fields of a create or update: the service account's password sealed like server credentials. */
function fieldsOf(ctx: AppContext, input: UpdateDirectory): Partial<DirectoryFields> {
  const { bindPassword, ...rest } = input;
  return { ...rest, ...(bindPassword !== undefined && { bindPasswordSealed: ctx.credentials.encrypt(bindPassword) }) };
}

export async function listDirectories(ctx: AppContext): Promise<DirectoryView[]> {
  return (await new DirectoriesRepository(ctx.knex).list()).map(toDirectoryView);
}

export async function createDirectory(ctx: AppContext, actor: Actor, input: CreateDirectory): Promise<DirectoryView> {
  await requireMappedGroupsExist(ctx, input.groupMappings);
  const created = await new DirectoriesRepository(ctx.knex).create(fieldsOf(ctx, input) as DirectoryFields);
  await new AuditRepository(ctx.knex).record({
    ...actor.audit,
    action: 'directory.created',
    targetType: 'directory',
    targetId: created.id,
    detail: { name: created.name },
  });
  return toDirectoryView(created);
}

export async function updateDirectory(ctx: AppContext, actor: Actor, id: string, input: UpdateDirectory): Promise<DirectoryView> {
  const current = await requireDirectory(ctx, id);
  await requireMappedGroupsExist(ctx, input.groupMappings);
  const url = input.url ?? current.url;
  if (!url.startsWith('ldaps://') && !(input.startTls ?? current.startTls)) {
    throw createError(400, 'directory_in_clear', 'Use ldaps://, or ldap:// with StartTLS: Atrium never sends passwords in clear.');
  }
  const updated = await new DirectoriesRepository(ctx.knex).update(id, fieldsOf(ctx, input));
  if (!updated) throw createError(404, 'directory_not_found', 'No such directory.');
  await new AuditRepository(ctx.knex).record({
    ...actor.audit,
    action: 'directory.updated',
    targetType: 'directory',
    targetId: id,
    detail: { fields: Object.keys(input) },
  });
  return toDirectoryView(updated);
}

/** Removes a directory; its people stay as users but can no longer sign in until it (or a password) is set again. */
export async function removeDirectory(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  if (!(await new DirectoriesRepository(ctx.knex).remove(id))) throw createError(404, 'directory_not_found', 'No such directory.');
  await new AuditRepository(ctx.knex).record({ ...actor.audit, action: 'directory.removed', targetType: 'directory', targetId: id });
}

export async function testDirectoryConnection(ctx: AppContext, id: string): Promise<DirectoryTest> {
  const directory = await requireDirectory(ctx, id);
  return testDirectory(directory, ctx.credentials.decrypt<string>(directory.bindPasswordSealed));
}
