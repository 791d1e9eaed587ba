import type { EnrolmentConfirmed } from '@atrium/contracts';
import { AuditRepository, SecondFactorsRepository } from '@atrium/db';
import type { AppContext } from '../../context';
import { completeSignIn } from './complete-sign-in';
import { newRecoveryCodes } from './recovery-codes';

/** Who set up a factor: a signed-in user, or a session whose policy made it enrol before anything else. */
export interface Enrollee {
  userId: string;
  username: string;
  authSessionId: string;
  /** The session owes its enrolment (it opens nothing else until done). */
  mustEnrol: boolean;
}

/**
 * What follows any new factor: the user's first one comes with ten recovery codes (shown once), the enrolment is
 * audited, and a session that had to enrol is signed in.
 */
export async function finishEnrolment(
  ctx: AppContext,
  who: Enrollee,
  factor: { kind: 'totp' | 'webauthn'; name: string },
  ip: string,
): Promise<EnrolmentConfirmed> {
  const factors = new SecondFactorsRepository(ctx.knex);
  const recovery = (await factors.recoveryCodesLeft(who.userId)) === 0 ? newRecoveryCodes() : undefined;
  if (recovery) await factors.replaceRecoveryCodes(who.userId, recovery.hashes);
  await new AuditRepository(ctx.knex).record({
    actorType: 'user',
    actorId: who.userId,
    action: 'auth.factor_enrolled',
    targetType: 'user',
    targetId: who.userId,
    detail: factor,
    ip,
  });
  if (who.mustEnrol) await completeSignIn(ctx, { id: who.authSessionId, userId: who.userId }, factor.kind, ip);
  return { recoveryCodes: recovery?.codes ?? [] };
}
