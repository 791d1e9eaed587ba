import type { ResolvedPolicy, SecondFactorStatus } from '@atrium/contracts';
import type { FactorSummary } from '@atrium/db';
import { createError } from '@atrium/http';

/** The factors the user's policy lets them use now (a kind the policy turned off is as if not there). */
export const usableFactors = (factors: FactorSummary[], policy: ResolvedPolicy) =>
  factors.filter((factor) => (factor.kind === 'totp' ? policy.allow_totp_2fa : policy.allow_webauthn_2fa));

/**
 * What a user whose password was right still owes: a second factor when they have a usable one (whether or not their
 * policy requires one: a person who set one up is asked for it), an enrolment when their policy requires a factor
 * and they have none, nothing otherwise. `methods`: how they may prove it, or which kinds they may set up.
 */
export function stageAfterPassword(factors: FactorSummary[], policy: ResolvedPolicy, recoveryCodesLeft: number): SecondFactorStatus | undefined {
  const usable = usableFactors(factors, policy);
  const recovery = recoveryCodesLeft > 0 ? (['recovery'] as const) : [];
  if (usable.length > 0) {
    const kinds = (['totp', 'webauthn'] as const).filter((kind) => usable.some((factor) => factor.kind === kind));
    return { stage: 'verify', methods: [...kinds, ...recovery] };
  }
  if (!policy.require_2fa) return undefined;
  const enrolable = [...(policy.allow_totp_2fa ? (['totp'] as const) : []), ...(policy.allow_webauthn_2fa ? (['webauthn'] as const) : [])];
  if (enrolable.length === 0) {
    throw createError(403, 'second_factor_unavailable', 'Your policy requires a second factor but allows none you can set up here; ask an administrator.');
  }
  return { stage: 'enrol', methods: enrolable };
}
