import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** The public half: 128 random bits, what an integration sends as `api_key`. */
export const newKeyId = () => randomBytes(16).toString('base64url');

/** The secret: 256 random bits, shown once; stored as its SHA-256 (random secrets need no slow hash). */
export const newKeySecret = () => randomBytes(32).toString('base64url');

export const hashKeySecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** Compares a presented secret with a stored hash in constant time. */
export function keySecretMatches(secret: string, storedHash: string): boolean {
  const presented = Buffer.from(hashKeySecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
