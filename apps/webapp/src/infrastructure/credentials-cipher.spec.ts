import { randomBytes } from 'node:crypto';
import { CredentialsCipher } from './credentials-cipher';

const key = () => randomBytes(32).toString('base64url');

describe('CredentialsCipher', () => {
  it('should round-trip credentials, non-ASCII ones included, without the plaintext in the sealed bytes', () => {
    const cipher = new CredentialsCipher(key());
    const credentials = { username: 'jörg', password: 'pässwörd€' };
    const sealed = cipher.encrypt(credentials);
    expect(sealed.toString('utf8')).not.toContain('pässwörd€');
    expect(sealed.toString('latin1')).not.toContain('pssw');
    expect(cipher.decrypt(sealed)).toEqual(credentials);
  });

  it('should seal the same value differently each time', () => {
    const cipher = new CredentialsCipher(key());
    expect(cipher.encrypt({ a: 1 }).equals(cipher.encrypt({ a: 1 }))).toBe(false);
  });

  it('should refuse tampered bytes and another key', () => {
    const cipher = new CredentialsCipher(key());
    const sealed = cipher.encrypt({ password: 'x' });
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1] = (tampered[tampered.length - 1] as number) ^ 1;
    const unreadable = expect.objectContaining({ status: 503, code: 'sealed_secret_unreadable' });
    expect(() => cipher.decrypt(tampered)).toThrow(unreadable);
    expect(() => new CredentialsCipher(key()).decrypt(sealed)).toThrow(unreadable);
    expect(() => cipher.decrypt(sealed.subarray(0, 20))).toThrow(unreadable);
  });

  it('should refuse a key that is not 32 bytes', () => {
    expect(() => new CredentialsCipher('short')).toThrow('32 bytes');
  });
});
