import type { CurrentUser, SecondFactorStatus } from '@atrium/contracts';
import { AuditRepository, AuthSessionsRepository, transaction, UsersRepository, type UserRecord } from '@atrium/db';
import type { AppContext } from '../context';
import { secondFactorStatusOf } from './second-factor/second-factor-status';
import { hashToken, newSessionToken } from './session-token';

export interface LoginResult {
  user: CurrentUser;
  token: string;
  expiresAt: Date;
  /** What the session still owes before it opens anything (a second factor, or its enrolment). */
  secondFactor?: SecondFactorStatus;
}

/** How long a session that passed the first step has to give its second factor (or set one up). */
const SECOND_FACTOR_MINUTES = 10;

/**
 * Opens the server-side session of someone whose first step (a password, a directory, an identity provider) vouched
 * for them: a complete one, or one that owes the second factor their groups ask for and opens nothing else yet.
 * `via` names the first step in the audit log when it was not Atrium's own password.
 */
export async function openSignedInSession(
  ctx: AppContext,
  user: UserRecord,
  client: { ip: string; userAgent: string },
  via?: Record<string, string>,
): Promise<LoginResult> {
  const token = newSessionToken();
  const secondFactor = await secondFactorStatusOf(ctx, user.id);
  const expiresAt = new Date(Date.now() + (secondFactor ? SECOND_FACTOR_MINUTES * 60_000 : ctx.config.SESSION_TTL_HOURS * 3600_000));
  await transaction(ctx.knex, async (trx) => {
    await new AuthSessionsRepository(trx).create({ tokenHash: hashToken(token), userId: user.id, expiresAt, secondFactor: secondFactor?.stage, ...client });
    const audit = new AuditRepository(trx);
    if (secondFactor) {
      await audit.record({
        actorType: 'user',
        actorId: user.id,
        action: 'auth.password_accepted',
        detail: { owes: secondFactor.stage, ...via },
        ip: client.ip,
      });
      return;
    }
    await new UsersRepository(trx).recordLogin(user.id);
    await audit.record({ actorType: 'user', actorId: user.id, action: 'auth.login', ...(via && { detail: via }), ip: client.ip });
  });
  return { user: { id: user.id, username: user.username, role: user.role }, token, expiresAt, ...(secondFactor && { secondFactor }) };
}
