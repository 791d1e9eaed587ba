import type { ResolvedPolicy } from '@atrium/contracts';
import type { FactorSummary } from '@atrium/db';
import { isAppError } from '@atrium/http';
import { stageAfterPassword } from './stage';

const policy = (change: Partial<ResolvedPolicy> = {}) => ({ require_2fa: false, allow_totp_2fa: true, allow_webauthn_2fa: true, ...change }) as ResolvedPolicy;
const totp: FactorSummary = { id: '0b9c6a7e-1111-4a4a-8a8a-123456789abc', kind: 'totp', name: 'Phone', createdAt: new Date(), lastUsedAt: null };

describe('what a right password still owes', () => {
  it('is nothing without a factor or a policy that requires one', () => {
    expect(stageAfterPassword([], policy(), 0)).toBeUndefined();
  });

  it('is a code for a user with an authenticator app, required or not; recovery codes while some are left', () => {
    expect(stageAfterPassword([totp], policy(), 3)).toEqual({ stage: 'verify', methods: ['totp', 'recovery'] });
    expect(stageAfterPassword([totp], policy({ require_2fa: true }), 0)).toEqual({ stage: 'verify', methods: ['totp'] });
  });

  it('is a passkey for a user with one, beside the app when they have both', () => {
    const passkey: FactorSummary = { ...totp, id: '0b9c6a7e-2222-4a4a-8a8a-123456789abc', kind: 'webauthn', name: 'Key' };
    expect(stageAfterPassword([passkey], policy(), 2)).toEqual({ stage: 'verify', methods: ['webauthn', 'recovery'] });
    expect(stageAfterPassword([passkey, totp], policy(), 0)).toEqual({ stage: 'verify', methods: ['totp', 'webauthn'] });
    expect(stageAfterPassword([passkey, totp], policy({ allow_webauthn_2fa: false }), 0)).toEqual({ stage: 'verify', methods: ['totp'] });
  });

  it('is an enrolment for a user without a factor whose policy requires one', () => {
    expect(stageAfterPassword([], policy({ require_2fa: true }), 0)).toEqual({ stage: 'enrol', methods: ['totp', 'webauthn'] });
    expect(stageAfterPassword([], policy({ require_2fa: true, allow_totp_2fa: false }), 0)).toEqual({ stage: 'enrol', methods: ['webauthn'] });
  });

  it('treats an app the policy no longer allows as absent, and refuses by code when no kind is left to enrol', () => {
    expect(stageAfterPassword([totp], policy({ allow_totp_2fa: false }), 0)).toBeUndefined();
    try {
      stageAfterPassword([totp], policy({ allow_totp_2fa: false, allow_webauthn_2fa: false, require_2fa: true }), 0);
      throw new Error('expected a refusal');
    } catch (error) {
      expect(isAppError(error) && error.code).toBe('second_factor_unavailable');
    }
  });
});
