import type { UserProfile } from '@atrium/contracts';
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
  locked?: boolean;
  profile?: Partial<UserProfile>;
}

/**
 * Renames a user, changes their profile, sets their password, or disables or locks them. Disabling or locking (or
 * a new password) signs them out everywhere, and disabling or locking also closes their open streams.
 */
export async function updateUser(ctx: AppContext, actor: Actor, userId: string, change: UserChange): Promise<UserRecord> {
  await manageableUser(ctx, actor, userId);
  const shutOut = change.disabled === true || change.locked === true;
  if (shutOut) refuseSelfLockout(actor, userId);
  const passwordHash = change.password === undefined ? undefined : await hashPassword(change.password);
  const signOut = shutOut || passwordHash !== undefined;
  // The audit names the fields changed, never their values (a password, a phone number).
  const fields = [
    ...Object.keys(change).filter((field) => field !== 'profile' && change[field as keyof UserChange] !== undefined),
    ...Object.keys(change.profile ?? {}),
  ];
  const updated = await auditedWrite(ctx, actor, { action: 'user.update', targetType: 'user', detail: { fields } }, async (trx) => {
    const user = await new UsersRepository(trx).update(userId, {
      username: change.username,
      passwordHash,
      disabled: change.disabled,
      locked: change.locked,
      profile: change.profile,
    });
    if (signOut) await new AuthSessionsRepository(trx).revokeAllOf(userId);
    return user as UserRecord;
  }).catch(conflictAs('user_exists', `A user named ${change.username} exists already.`));
  if (shutOut) await closeAllStreamsOf(ctx, userId);
  return updated;
}
