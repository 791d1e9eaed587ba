import type { LoginRequest } from '@atrium/contracts';
import { AuditRepository, UsersRepository } from '@atrium/db';
import { createError } from '@atrium/http';
import type { AppContext } from '../context';
import { signInThroughDirectory } from '../directories/directory-sign-in';
import { decoyHash, verifyPassword } from './password-hash';
import { openSignedInSession, type LoginResult } from './open-signed-in-session';

export type { LoginResult } from './open-signed-in-session';

/** Checks the password and opens a server-side session; the same answer for unknown user and bad password. */
export async function login(ctx: AppContext, input: LoginRequest, client: { ip: string; userAgent: string }): Promise<LoginResult> {
  const known = await new UsersRepository(ctx.knex).findByUsername(input.username);
  // A directory user's password is the directory's to check; an unknown username may be a directory's person.
  const fromDirectory = !known || known.directoryId ? await signInThroughDirectory(ctx, input.username, input.password, known) : undefined;
  const user = fromDirectory ?? known;
  const valid = fromDirectory !== undefined || (!known?.directoryId && (await verifyPassword(input.password, known?.passwordHash ?? (await decoyHash))));
  if (!user || !valid || user.disabled || user.locked) {
    const shutOut = user?.disabled ? 'disabled' : 'locked';
    await new AuditRepository(ctx.knex).record({
      actorType: 'anonymous',
      action: 'auth.login_failed',
      detail: { username: input.username.slice(0, 128), ...(user && valid && { reason: shutOut }) },
      ip: client.ip,
    });
    // Only someone who knows the password learns that the account exists and is disabled or locked.
    if (user && valid && shutOut === 'disabled') throw createError(403, 'account_disabled', 'This account is disabled; ask an administrator to enable it.');
    if (user && valid) throw createError(403, 'account_locked', 'This account is locked; ask an administrator to unlock it.');
    throw createError(401, 'invalid_credentials', 'Wrong username or password.');
  }
  return openSignedInSession(ctx, user, client);
}
