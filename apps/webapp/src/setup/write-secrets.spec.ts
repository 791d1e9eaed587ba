import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { readSecretFile, writeSecrets } from './write-secrets';

const freshDir = () => mkdtempSync(join(tmpdir(), 'secrets-'));

describe('writeSecrets', () => {
  it('should generate every secret once and give each role only its own', () => {
    const dir = freshDir();
    const result = writeSecrets(dir, { chown: false });
    expect(result.kept).toEqual([]);
    expect(readdirSync(join(dir, 'agent')).sort()).toEqual(['registration-token', 'token-verify-key.pem']);
    expect(readdirSync(join(dir, 'connection-proxy')).sort()).toEqual(['call-key', 'connection-token-key']);
    expect(readSecretFile(dir, 'db', 'password')).toBe(readSecretFile(dir, 'webapp', 'db-password'));
    expect(readSecretFile(dir, 'connection-proxy', 'connection-token-key')).toHaveLength(32);
    expect(statSync(join(dir, 'agent')).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'agent', 'registration-token')).mode & 0o777).toBe(0o400);
  });

  it('should give the agent the public half of the signing key pair only', () => {
    const dir = freshDir();
    writeSecrets(dir, { chown: false });
    const publicKey = createPublicKey(readSecretFile(dir, 'agent', 'token-verify-key.pem'));
    const derived = createPublicKey(createPrivateKey(readSecretFile(dir, 'webapp', 'token-signing-key.pem')));
    expect(publicKey.export({ format: 'jwk' })).toEqual(derived.export({ format: 'jwk' }));
    expect(readFileSync(join(dir, 'agent', 'token-verify-key.pem'), 'utf8')).not.toContain('PRIVATE');
  });

  it('should change nothing when run a second time', () => {
    const dir = freshDir();
    writeSecrets(dir, { chown: false });
    const before = readSecretFile(dir, 'webapp', 'db-password');
    const second = writeSecrets(dir, { chown: false });
    expect(second.created).toEqual([]);
    expect(readSecretFile(dir, 'webapp', 'db-password')).toBe(before);
  });

  it('should refuse to guess when one half of a secret is missing', () => {
    // An interrupted first start: only the db's copy of the password exists.
    const dir = freshDir();
    writeSecrets(dir, { chown: false });
    rmSync(join(dir, 'webapp', 'db-password'));
    expect(() => writeSecrets(dir, { chown: false })).toThrow('secret db-password is incomplete');
  });
});
