import type { UserRole } from '@atrium/contracts';
import { AuditRepository, SecondFactorsRepository } from '@atrium/db';
import { createError } from '@atrium/http';
import type { AppContext } from '../../context';
import { completeSignIn } from './complete-sign-in';
import { hashRecoveryCode } from './recovery-codes';
import { matchingStep } from './totp';

export interface AwaitingSession {
  id: string;
  userId: string;
  username: string;
  role: UserRole;
  stage: 'verify' | 'enrol';
}

const REFUSALS = {
  invalid_code: 'Wrong code; check the time on your phone.',
  code_already_used: 'That code was used already; wait for the next one your app shows.',
  invalid_recovery_code: 'That is not one of your unused recovery codes.',
  passkey_refused: 'Your passkey was not accepted; try again, or use another of your factors.',
} as const;

/** A second factor that failed: audited, then refused (401, which the sign-in throttle counts) by its code. */
export async function refuseSecondFactor(
  ctx: AppContext,
  session: { userId: string },
  method: string,
  ip: string,
  code: keyof typeof REFUSALS,
): Promise<never> {
  await new AuditRepository(ctx.knex).record({
    actorType: 'user',
    actorId: session.userId,
    action: 'auth.second_factor_failed',
    detail: { method, reason: code },
    ip,
  });
  throw createError(401, code, REFUSALS[code]);
}

/** Only a session at the verify stage gives a factor (one that must enrol sets one up first). */
export function requireVerifyStage(session: AwaitingSession): void {
  if (session.stage !== 'verify') throw createError(409, 'enrolment_required', 'Set up your second factor first.');
}

/**
 * An authenticator app's code for a session that owes one: right for one of the user's apps, and of a time step that
 * app has not used yet (claimed in one conditional update, so a code cannot be used twice, even on two replicas).
 */
export async function verifyTotp(ctx: AppContext, session: AwaitingSession, code: string, ip: string): Promise<void> {
  requireVerifyStage(session);
  const factors = new SecondFactorsRepository(ctx.knex);
  for (const factor of await factors.confirmedTotps(session.userId)) {
    const step = matchingStep(ctx.credentials.decrypt<string>(factor.secretSealed), code);
    if (step === undefined) continue;
    if (!(await factors.claimTotpStep(factor.id, step))) return refuseSecondFactor(ctx, session, 'totp', ip, 'code_already_used');
    return completeSignIn(ctx, session, 'totp', ip);
  }
  return refuseSecondFactor(ctx, session, 'totp', ip, 'invalid_code');
}

/** A one-time recovery code, for a person without their app: used once, then never again. */
export async function verifyRecoveryCode(ctx: AppContext, session: AwaitingSession, code: string, ip: string): Promise<void> {
  if (!(await new SecondFactorsRepository(ctx.knex).useRecoveryCode(session.userId, hashRecoveryCode(code)))) {
    return refuseSecondFactor(ctx, session, 'recovery', ip, 'invalid_recovery_code');
  }
  return completeSignIn(ctx, session, 'recovery', ip);
}
