import { codeAt, enrolmentOf, matchingStep, newTotpSecret } from './totp';

describe('TOTP', () => {
  const secret = newTotpSecret();
  const now = Date.UTC(2026, 11, 5, 12, 0, 10);
  const step = Math.floor(now / 30_000);

  it('accepts the code of this step and of one step either side, and says which step it was', () => {
    expect(matchingStep(secret, codeAt(secret, now), now)).toBe(step);
    expect(matchingStep(secret, codeAt(secret, now - 30_000), now)).toBe(step - 1);
    expect(matchingStep(secret, codeAt(secret, now + 30_000), now)).toBe(step + 1);
  });

  it('refuses a code two steps away, and a code of another seed', () => {
    expect(matchingStep(secret, codeAt(secret, now - 60_000), now)).toBeUndefined();
    expect(matchingStep(secret, codeAt(newTotpSecret(), now), now)).toBeUndefined();
  });

  it('makes seeds of 160 bits that differ, and an otpauth URI with its QR code for the app', async () => {
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(secret);
    const enrolment = await enrolmentOf(secret, 'alice');
    expect(enrolment.uri).toBe(`otpauth://totp/Atrium:alice?issuer=Atrium&secret=${secret}&algorithm=SHA1&digits=6&period=30`);
    expect(enrolment.qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
  });
});
