import type { ResolvedPolicy, SecondFactorStatus } from '@atrium/contracts';
import type { FactorSummary } from '@atrium/db';
import { createError } from '@atrium/http';

/** The factors the user's policy lets them use now (a kind the policy turned off is as if not there). */
export const usableFactors = (factors: FactorSummary[], policy: ResolvedPolicy) =>
  factors.filter((factor) => (factor.kind === 'totp' ? policy.allow_totp_2fa : policy.allow_webauthn_2fa));

/**
 * What a user whose password was right still owes: a code when they have a usable factor (whether or not their
 * policy requires one: a person who set one up is asked for it), an enrolment when their policy requires a
 * factor and they have none, nothing otherwise.
 */
export function stageAfterPassword(factors: FactorSummary[], policy: ResolvedPolicy, recoveryCodesLeft: number): SecondFactorStatus | undefined {
  if (usableFactors(factors, policy).some((factor) => factor.kind === 'totp')) {
    return { stage: 'verify', methods: recoveryCodesLeft > 0 ? ['totp', 'recovery'] : ['totp'] };
  }
  if (!policy.require_2fa) return undefined;
  if (!policy.allow_totp_2fa) {
    throw createError(403, 'second_factor_unavailable', 'Your policy requires a second factor but allows none you can set up here; ask an administrator.');
  }
  return { stage: 'enrol', methods: recoveryCodesLeft > 0 ? ['totp', 'recovery'] : ['totp'] };
}
