import { AuthSessionsRepository, UsersRepository, type UserRecord } from '@atrium/db';
import type { Actor } from '../auth/auth-context';
import { hashPassword } from '../auth/password-hash';
import type { AppContext } from '../context';
import { auditedWrite } from '../writes/audited-write';
import { conflictAs } from '../writes/constraint-conflicts';
import { closeAllStreamsOf, manageableUser, refuseSelfLockout } from './manage-user';

export interface UserChange {
  username?: string;
  password?: string;
  disabled?: boolean;
}

/**
 * Renames a user, sets their password, or disables them. Disabling (or a new password) signs them out
 * everywhere, and disabling also closes their open streams.
 */
export async function updateUser(ctx: AppContext, actor: Actor, userId: string, change: UserChange): Promise<UserRecord> {
  await manageableUser(ctx, actor, userId);
  if (change.disabled) refuseSelfLockout(actor, userId);
  const passwordHash = change.password === undefined ? undefined : await hashPassword(change.password);
  const signOut = change.disabled === true || passwordHash !== undefined;
  const fields = Object.keys(change).filter((field) => change[field as keyof UserChange] !== undefined);
  const updated = await auditedWrite(ctx, actor, { action: 'user.update', targetType: 'user', detail: { fields } }, async (trx) => {
    const user = await new UsersRepository(trx).update(userId, { username: change.username, passwordHash, disabled: change.disabled });
    if (signOut) await new AuthSessionsRepository(trx).revokeAllOf(userId);
    return user as UserRecord;
  }).catch(conflictAs('user_exists', `A user named ${change.username} exists already.`));
  if (change.disabled) await closeAllStreamsOf(ctx, userId);
  return updated;
}
