import type { CurrentUser, LoginRequest, SecondFactorStatus } from '@atrium/contracts';
import { AuditRepository, AuthSessionsRepository, transaction, UsersRepository } from '@atrium/db';
import { createError } from '@atrium/http';
import type { AppContext } from '../context';
import { signInThroughDirectory } from '../directories/directory-sign-in';
import { decoyHash, verifyPassword } from './password-hash';
import { secondFactorStatusOf } from './second-factor/second-factor-status';
import { hashToken, newSessionToken } from './session-token';

export interface LoginResult {
  user: CurrentUser;
  token: string;
  expiresAt: Date;
  /** What the session still owes before it opens anything (a second factor, or its enrolment). */
  secondFactor?: SecondFactorStatus;
}

/** How long a session that passed the password has to give its second factor (or set one up). */
const SECOND_FACTOR_MINUTES = 10;

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
  const token = newSessionToken();
  const secondFactor = await secondFactorStatusOf(ctx, user.id);
  const expiresAt = new Date(Date.now() + (secondFactor ? SECOND_FACTOR_MINUTES * 60_000 : ctx.config.SESSION_TTL_HOURS * 3600_000));
  await transaction(ctx.knex, async (trx) => {
    await new AuthSessionsRepository(trx).create({ tokenHash: hashToken(token), userId: user.id, expiresAt, secondFactor: secondFactor?.stage, ...client });
    if (secondFactor) {
      await new AuditRepository(trx).record({
        actorType: 'user',
        actorId: user.id,
        action: 'auth.password_accepted',
        detail: { owes: secondFactor.stage },
        ip: client.ip,
      });
      return;
    }
    await new UsersRepository(trx).recordLogin(user.id);
    await new AuditRepository(trx).record({ actorType: 'user', actorId: user.id, action: 'auth.login', ip: client.ip });
  });
  return { user: { id: user.id, username: user.username, role: user.role }, token, expiresAt, ...(secondFactor && { secondFactor }) };
}
