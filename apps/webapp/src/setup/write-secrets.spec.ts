import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
    expect(readSecretFile(dir, 'db', 'password')).toBe(readSecretFile(dir, 'migrate', 'db-owner-password'));
    expect(readSecretFile(dir, 'webapp', 'db-app-password')).toBe(readSecretFile(dir, 'migrate', 'db-app-password'));
    expect(readSecretFile(dir, 'webapp', 'db-app-password')).not.toBe(readSecretFile(dir, 'db', 'password'));
    expect(readdirSync(join(dir, 'webapp'))).not.toContain('db-password');
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
    const before = readSecretFile(dir, 'webapp', 'db-app-password');
    const second = writeSecrets(dir, { chown: false });
    expect(second.created).toEqual([]);
    expect(readSecretFile(dir, 'webapp', 'db-app-password')).toBe(before);
  });

  it('should refuse to guess a part that nobody holds', () => {
    // An interrupted first start: the public key exists, the private key it belongs to does not.
    const dir = freshDir();
    writeSecrets(dir, { chown: false });
    rmSync(join(dir, 'webapp', 'token-signing-key.pem'));
    expect(() => writeSecrets(dir, { chown: false })).toThrow('secret token-signing-key is incomplete');
  });

  it('should upgrade an older layout: the owner password moves from the webapp to the migration step', () => {
    const dir = freshDir();
    writeSecrets(dir, { chown: false });
    const owner = readSecretFile(dir, 'db', 'password');
    rmSync(join(dir, 'migrate'), { recursive: true });
    writeFileSync(join(dir, 'webapp', 'db-password'), `${owner}\n`);
    writeSecrets(dir, { chown: false });
    expect(readSecretFile(dir, 'migrate', 'db-owner-password')).toBe(owner);
    expect(readdirSync(join(dir, 'webapp'))).not.toContain('db-password');
  });
});
