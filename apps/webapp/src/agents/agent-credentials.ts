import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const newAgentSecret = () => randomBytes(32).toString('base64url');

/** Agent secrets are 256 random bits, so a plain SHA-256 is enough to store them (no password stretching needed). */
export const hashAgentSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** Compares two secrets in constant time, whatever their lengths. */
export function secretsEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
