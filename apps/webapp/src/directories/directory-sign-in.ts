import { AuditRepository, DirectoriesRepository, GroupsRepository, transaction, UsersRepository, type DirectoryRecord, type UserRecord } from '@atrium/db';
import type { AppContext } from '../context';
import { authenticateAgainst, sameDn, type DirectoryPerson } from './ldap-directory';

/** What a directory user's password hash is: nothing a password can match (the directory checks passwords). */
export const DIRECTORY_PASSWORD_HASH = '!directory';

const USERNAME = /^[A-Za-z0-9._@-]{1,128}$/;

/** The Atrium groups a person's directory groups map to. */
export const mappedGroupIds = (directory: DirectoryRecord, person: DirectoryPerson): string[] => [
  ...new Set(directory.groupMappings.filter((mapping) => person.groups.some((group) => sameDn(group, mapping.ldapGroup))).map((mapping) => mapping.groupId)),
];

/** Asks one directory, logging (never throwing) when it cannot be reached: sign-in then falls through as refused. */
async function ask(ctx: AppContext, directory: DirectoryRecord, username: string, password: string): Promise<DirectoryPerson | undefined> {
  try {
    return await authenticateAgainst(directory, ctx.credentials.decrypt<string>(directory.bindPasswordSealed), username, password);
  } catch (error) {
    ctx.logger.warn({ directory: directory.name, reason: (error as Error).message }, 'directory could not be asked');
    return undefined;
  }
}

/**
 * The user a directory vouches for with this password: `existing` (a directory user) through their own directory,
 * or an unknown username through each enabled directory that creates users, in name order. Their profile follows the
 * directory, and so does their membership of every group the directory's mappings govern (others stay as they are).
 */
export async function signInThroughDirectory(ctx: AppContext, username: string, password: string, existing?: UserRecord): Promise<UserRecord | undefined> {
  const directories = new DirectoriesRepository(ctx.knex);
  const candidates = existing
    ? [existing.directoryId ? await directories.findById(existing.directoryId) : undefined].filter((directory) => directory?.enabled)
    : USERNAME.test(username)
      ? (await directories.list()).filter((directory) => directory.enabled && directory.createUsers)
      : [];
  for (const directory of candidates as DirectoryRecord[]) {
    const person = await ask(ctx, directory, username, password);
    if (!person) continue;
    return transaction(ctx.knex, async (trx) => {
      const users = new UsersRepository(trx);
      const user = existing
        ? ((await users.update(existing.id, { profile: person.profile })) ?? existing)
        : await users.create({ username, passwordHash: DIRECTORY_PASSWORD_HASH, role: 'user', profile: person.profile, directoryId: directory.id });
      const groups = mappedGroupIds(directory, person);
      await new GroupsRepository(trx).syncGovernedGroups(user.id, [...new Set(directory.groupMappings.map((mapping) => mapping.groupId))], groups);
      await new AuditRepository(trx).record({
        actorType: 'user',
        actorId: user.id,
        action: existing ? 'auth.directory_verified' : 'auth.directory_user_created',
        detail: { directory: directory.name, groups: groups.length },
      });
      return user;
    });
  }
  return undefined;
}
