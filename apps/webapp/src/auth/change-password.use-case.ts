import { rm } from 'node:fs/promises';
import type { ChangePassword } from '@atrium/contracts';
import { AuditRepository, AuthSessionsRepository, transaction, UsersRepository } from '@atrium/db';
import { createError } from '@atrium/http';
import { INITIAL_ADMIN_USERNAME } from '../bootstrap/ensure-admin-user';
import type { AppContext } from '../context';
import { browserSessionOf, type AuthContext } from './auth-context';
import { hashPassword, verifyPassword } from './password-hash';

/**
 * A signed-in user changes their own password: the current one is checked, every other browser session of
 * theirs is revoked, and the change is audited. For the first administrator, the file with the generated
 * password goes too, since that password no longer works.
 */
export async function changePassword(ctx: AppContext, auth: AuthContext, input: ChangePassword): Promise<void> {
  const users = new UsersRepository(ctx.knex);
  const user = await users.findById(auth.user.id);
  if (!user || !(await verifyPassword(input.currentPassword, user.passwordHash))) {
    throw createError(403, 'wrong_password', 'The current password is not right.');
  }
  const passwordHash = await hashPassword(input.newPassword);
  await transaction(ctx.knex, async (trx) => {
    await new UsersRepository(trx).setPasswordHash(user.id, passwordHash);
    await new AuthSessionsRepository(trx).revokeOthers(user.id, browserSessionOf(auth));
    await new AuditRepository(trx).record({ actorType: 'user', actorId: user.id, action: 'auth.password_change', targetType: 'user', targetId: user.id });
  });
  if (user.username === INITIAL_ADMIN_USERNAME) await rm(ctx.config.INITIAL_ADMIN_PASSWORD_PATH, { force: true });
}
