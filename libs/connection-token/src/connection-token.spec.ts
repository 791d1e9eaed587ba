import { randomBytes } from 'node:crypto';
import type { ConnectionTokenClaims } from '@atrium/contracts';
import { ConnectionTokenError, openConnectionToken, sealConnectionToken } from './connection-token';

const key = () => randomBytes(16).toString('hex');
const claims = (exp = Date.now() + 60_000): ConnectionTokenClaims => ({
  sid: '6f1c1d2e-3b4a-4c5d-8e6f-7a8b9c0d1e2f',
  exp,
  connection: { type: 'ssh', settings: { hostname: 'ssh-target', port: 22, username: 'jörg', password: 'pässwörd€' } },
});

describe('connection token', () => {
  it('should round-trip claims, non-ASCII credentials included, and hide them', () => {
    const k = key();
    const token = sealConnectionToken(claims(), k);
    expect(Buffer.from(token, 'base64url').toString('utf8')).not.toContain('pässwörd€');
    expect(openConnectionToken(token, k).connection.settings['password']).toBe('pässwörd€');
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['not base64url', 'x'.repeat(30) + '!@#$%^&*()' + 'y'.repeat(30)],
    ['garbage', randomBytes(120).toString('base64url')],
  ])('should refuse a %s token', (_name, token) => {
    expect(() => openConnectionToken(token, key())).toThrow(ConnectionTokenError);
  });

  it('should refuse a token sealed with another key (forged)', () => {
    expect(() => openConnectionToken(sealConnectionToken(claims(), key()), key())).toThrow('not authentic');
  });

  it('should refuse a tampered token', () => {
    const k = key();
    const bytes = Buffer.from(sealConnectionToken(claims(), k), 'base64url');
    bytes[40] = (bytes[40] as number) ^ 1;
    expect(() => openConnectionToken(bytes.toString('base64url'), k)).toThrow('not authentic');
  });

  it('should refuse an expired token', () => {
    const k = key();
    expect(() => openConnectionToken(sealConnectionToken(claims(Date.now() - 1), k), k)).toThrow('expired');
  });
});
