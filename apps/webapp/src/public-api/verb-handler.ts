import type { PublicRequest, PublicVerb } from '@atrium/contracts';
import { UsersRepository, type ApiKeyRecord, type UserRecord } from '@atrium/db';
import { createError } from '@atrium/http';
import { apiKeyActor, type AuthContext } from '../auth/auth-context';
import type { AppContext } from '../context';

/** One Developer API verb: the validated request in, the JSON object answered with 200 out. */
export type VerbHandler<V extends PublicVerb> = (ctx: AppContext, key: ApiKeyRecord, input: PublicRequest<V>) => Promise<Record<string, unknown>>;

/** The call context of an API key acting for one user: that user's sessions and policy, the key as actor. */
export const onBehalfOf = (user: UserRecord, key: ApiKeyRecord): AuthContext => ({
  user: { id: user.id, username: user.username, role: user.role },
  actor: apiKeyActor(key.id),
});

/** A user that exists and may use Atrium (neither disabled nor locked). */
export async function activeUser(ctx: AppContext, userId: string): Promise<UserRecord> {
  const user = await new UsersRepository(ctx.knex).findById(userId);
  if (!user) throw createError(404, 'user_not_found', 'No such user.');
  if (user.disabled) throw createError(403, 'user_disabled', 'This user is disabled.');
  if (user.locked) throw createError(403, 'user_locked', 'This user is locked.');
  return user;
}

export const nowIso = () => new Date().toISOString();
