import { hashPassword, verifyPassword } from './password-hash';

describe('password hashing', () => {
  it('should verify the password it hashed and reject another', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(await verifyPassword('correct horse battery staple', stored)).toBe(true);
    expect(await verifyPassword('correct horse battery stapl', stored)).toBe(false);
  });

  it('should salt every hash', async () => {
    expect(await hashPassword('same')).not.toBe(await hashPassword('same'));
  });

  it('should not store the password or use a fast parameter set', async () => {
    const stored = await hashPassword('pässwörd€');
    expect(stored).not.toContain('pässwörd€');
    expect(stored.split('$').slice(0, 4)).toEqual(['scrypt', '32768', '8', '1']);
    expect(await verifyPassword('pässwörd€', stored)).toBe(true);
  });

  it('should reject malformed stored values', async () => {
    expect(await verifyPassword('x', 'plain-text')).toBe(false);
    expect(await verifyPassword('x', 'bcrypt$1$2$3$a$b')).toBe(false);
  });
});
