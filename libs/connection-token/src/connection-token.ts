import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { connectionTokenClaimsSchema, type ConnectionTokenClaims } from '@atrium/contracts';

export class ConnectionTokenError extends Error {}

/** The key is the 32-character connection-token key from the secrets volume, used as 32 bytes. */
const keyBytes = (key: string) => {
  const bytes = Buffer.from(key, 'utf8');
  if (bytes.length !== 32) throw new Error('the connection-token key must be 32 bytes');
  return bytes;
};

/**
 * Seals claims with AES-256-GCM: the connection settings (credentials included) stay secret from the
 * browser that carries the token, and any change to it fails the authentication tag.
 * Layout, base64url: iv (12) | tag (16) | ciphertext.
 */
export function sealConnectionToken(claims: ConnectionTokenClaims, key: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyBytes(key), iv);
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(claims), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64url');
}

/** Opens and checks a token: authentic, well-formed and not expired; otherwise throws ConnectionTokenError. */
export function openConnectionToken(token: unknown, key: string, now = Date.now()): ConnectionTokenClaims {
  if (typeof token !== 'string' || token.length < 40 || token.length > 16_384 || !/^[A-Za-z0-9_-]+$/.test(token)) {
    throw new ConnectionTokenError('missing or malformed token');
  }
  const sealed = Buffer.from(token, 'base64url');
  let plaintext: string;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyBytes(key), sealed.subarray(0, 12));
    decipher.setAuthTag(sealed.subarray(12, 28));
    plaintext = Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    throw new ConnectionTokenError('token is not authentic');
  }
  const claims = connectionTokenClaimsSchema.safeParse(JSON.parse(plaintext));
  if (!claims.success) throw new ConnectionTokenError('token claims are malformed');
  if (claims.data.exp <= now) throw new ConnectionTokenError('token has expired');
  return claims.data;
}
