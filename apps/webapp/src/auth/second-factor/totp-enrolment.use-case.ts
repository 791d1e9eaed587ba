import type { EnrolmentConfirmed, TotpEnrolment } from '@atrium/contracts';
import { AuditRepository, SecondFactorsRepository } from '@atrium/db';
import { createError } from '@atrium/http';
import type { AppContext } from '../../context';
import { userPolicy } from '../../policy/user-policy';
import { finishEnrolment, type Enrollee } from './finish-enrolment';
import { enrolmentOf, matchingStep, newTotpSecret } from './totp';

/** Starts an enrolment: a new seed, sealed at rest, shown to this person once (their app takes it from the QR code). */
export async function startTotpEnrolment(ctx: AppContext, who: Enrollee): Promise<TotpEnrolment> {
  if (!(await userPolicy(ctx.knex, ctx.config, who.userId)).policy.allow_totp_2fa) {
    throw createError(403, 'totp_not_allowed', 'Your policy does not allow authenticator apps.');
  }
  const secret = newTotpSecret();
  await new SecondFactorsRepository(ctx.knex).startTotp(who.userId, 'Authenticator app', ctx.credentials.encrypt(secret));
  return enrolmentOf(secret, who.username);
}

/**
 * Confirms the enrolment with a code from the app (proof that it holds the seed). The user's first factor comes with
 * ten recovery codes, shown once. A session that had to enrol is then signed in.
 */
export async function confirmTotpEnrolment(ctx: AppContext, who: Enrollee, input: { code: string; name: string }, ip: string): Promise<EnrolmentConfirmed> {
  const factors = new SecondFactorsRepository(ctx.knex);
  const pending = await factors.pendingTotp(who.userId);
  if (!pending) throw createError(409, 'no_enrolment', 'Start setting up the app again.');
  const step = matchingStep(ctx.credentials.decrypt<string>(pending.secretSealed), input.code);
  const audit = new AuditRepository(ctx.knex);
  if (step === undefined || !(await factors.claimTotpStep(pending.id, step))) {
    await audit.record({ actorType: 'user', actorId: who.userId, action: 'auth.second_factor_failed', detail: { method: 'totp', enrolling: true }, ip });
    throw createError(401, 'invalid_code', 'Wrong code; scan the QR code again or check the time on your phone.');
  }
  await factors.rename(pending.id, input.name);
  return finishEnrolment(ctx, who, { kind: 'totp', name: input.name }, ip);
}
