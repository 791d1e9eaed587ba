import { recoveryCodeSchema } from '@atrium/contracts';
import { hashRecoveryCode, newRecoveryCodes } from './recovery-codes';

describe('recovery codes', () => {
  it('are ten different codes that the sign-in form accepts, typed as shown or without dashes', () => {
    const { codes, hashes } = newRecoveryCodes();
    expect(new Set(codes).size).toBe(10);
    for (const [index, code] of codes.entries()) {
      expect(code).toMatch(/^[a-z2-7]{4}(-[a-z2-7]{4}){3}$/);
      const typed = recoveryCodeSchema.parse({ code: ` ${code.toUpperCase().replace(/-/g, '')} ` }).code;
      expect(hashRecoveryCode(typed)).toBe(hashes[index]);
    }
  });

  it('keeps only hashes, which do not contain the code', () => {
    const { codes, hashes } = newRecoveryCodes();
    expect(hashes[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(hashes[0]).not.toContain((codes[0] as string).replace(/-/g, ''));
  });
});
