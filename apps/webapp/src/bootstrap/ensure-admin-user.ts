import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';
import { AuditRepository, lockForTransaction, transaction, UsersRepository } from '@atrium/db';
import { hashPassword } from '../auth/password-hash';
import type { AppContext } from '../context';

export const INITIAL_ADMIN_USERNAME = 'admin';

/** Advisory lock key of the first-admin check (any fixed number no other lock uses). */
const FIRST_ADMIN_LOCK_KEY = 7_312_604_332;

/**
 * On the very first start there is no administrator: create one with a random password and write it to a
 * file only the webapp can read (never to the log). Later starts find an admin and do nothing.
 */
export async function ensureAdminUser(ctx: AppContext): Promise<void> {
  const password = randomBytes(18).toString('base64url');
  const passwordHash = await hashPassword(password);
  const created = await transaction(ctx.knex, async (trx) => {
    // Serialises concurrent first starts of several webapp replicas.
    await lockForTransaction(trx, FIRST_ADMIN_LOCK_KEY);
    const users = new UsersRepository(trx);
    if ((await users.countByRole('admin')) > 0) return false;
    const admin = await users.create({ username: INITIAL_ADMIN_USERNAME, passwordHash, role: 'admin' });
    await new AuditRepository(trx).record({ actorType: 'system', action: 'user.create_initial_admin', targetType: 'user', targetId: admin.id });
    return true;
  });
  if (!created) return;
  const path = ctx.config.INITIAL_ADMIN_PASSWORD_PATH;
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${password}\n`, { mode: 0o600 });
  // No secret in a log, not even this one: `npm run admin-password` reads the file.
  ctx.logger.warn(
    { adminUsername: INITIAL_ADMIN_USERNAME, passwordFile: path },
    `initial administrator created: username "${INITIAL_ADMIN_USERNAME}"; its password is in ${path} (npm run admin-password), change it after the first login`,
  );
}
