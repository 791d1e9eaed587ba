import { randomBytes } from 'node:crypto';
import type { UserProfile } from '@atrium/contracts';
import { GroupsRepository, UsersRepository, type UserRecord } from '@atrium/db';
import { createError } from '@atrium/http';
import { apiKeyActor } from '../auth/auth-context';
import type { AppContext } from '../context';
import { changeMembership } from '../groups/change-membership.use-case';
import { createUser } from '../users/create-user.use-case';
import { deleteUser } from '../users/delete-user.use-case';
import { signOutUser } from '../users/sign-out-user.use-case';
import { updateUser } from '../users/update-user.use-case';
import { toPublicUser } from './kasm-views';
import type { VerbHandler } from './verb-handler';

async function userView(ctx: AppContext, user: UserRecord) {
  const groups = await new GroupsRepository(ctx.knex).groupsOfUsers([user.id]);
  return toPublicUser(user, groups.get(user.id) ?? []);
}

async function existingUser(ctx: AppContext, ref: { user_id?: string; username?: string }): Promise<UserRecord> {
  const users = new UsersRepository(ctx.knex);
  const user = ref.user_id ? await users.findById(ref.user_id) : await users.findByUsername(ref.username ?? '');
  if (!user) throw createError(404, 'user_not_found', 'No such user.');
  return user;
}

export const getUsers: VerbHandler<'get_users'> = async (ctx) => {
  const users = await new UsersRepository(ctx.knex).list();
  const groups = await new GroupsRepository(ctx.knex).groupsOfUsers(users.map((user) => user.id));
  return { users: users.map((user) => toPublicUser(user, groups.get(user.id) ?? [])) };
};

export const getUser: VerbHandler<'get_user'> = async (ctx, _key, input) => ({ user: await userView(ctx, await existingUser(ctx, input.target_user)) });

/** Kasm's snake_case profile fields as Atrium's, only those sent. */
const profileOf = (target: { first_name?: string; last_name?: string; organization?: string; phone?: string }): Partial<UserProfile> => ({
  ...(target.first_name !== undefined && { firstName: target.first_name }),
  ...(target.last_name !== undefined && { lastName: target.last_name }),
  ...(target.organization !== undefined && { organization: target.organization }),
  ...(target.phone !== undefined && { phone: target.phone }),
});

/** Without a password the user gets a random one: they sign in through `kasm_url` links only. */
export const createUserVerb: VerbHandler<'create_user'> = async (ctx, key, { target_user: target }) => {
  const actor = apiKeyActor(key.id);
  const password = target.password ?? randomBytes(24).toString('base64url');
  const created = await createUser(ctx, actor, { username: target.username, password, role: 'user', profile: profileOf(target) });
  const user =
    target.disabled || target.locked
      ? await updateUser(ctx, actor, created.id, { disabled: target.disabled, locked: target.locked })
      : await existingUser(ctx, { user_id: created.id });
  return { user: await userView(ctx, user) };
};

export const updateUserVerb: VerbHandler<'update_user'> = async (ctx, key, { target_user: target }) => {
  const user = await updateUser(ctx, apiKeyActor(key.id), target.user_id, {
    username: target.username,
    password: target.password,
    disabled: target.disabled,
    locked: target.locked,
    profile: profileOf(target),
  });
  return { user: await userView(ctx, user) };
};

export const deleteUserVerb: VerbHandler<'delete_user'> = async (ctx, key, input) => {
  await deleteUser(ctx, apiKeyActor(key.id), input.target_user.user_id, input.force);
  return {};
};

export const logoutUser: VerbHandler<'logout_user'> = async (ctx, key, input) => {
  await signOutUser(ctx, apiKeyActor(key.id), input.target_user.user_id);
  return {};
};

export const addUserGroup: VerbHandler<'add_user_group'> = async (ctx, key, input) => {
  await changeMembership(ctx, apiKeyActor(key.id), { groupId: input.target_group.group_id, userId: input.target_user.user_id, member: true });
  return {};
};

export const removeUserGroup: VerbHandler<'remove_user_group'> = async (ctx, key, input) => {
  await changeMembership(ctx, apiKeyActor(key.id), { groupId: input.target_group.group_id, userId: input.target_user.user_id, member: false });
  return {};
};
