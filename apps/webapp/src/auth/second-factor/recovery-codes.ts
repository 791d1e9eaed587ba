import { createHash, randomBytes } from 'node:crypto';

const CODES = 10;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/** 80 random bits as 16 base32 letters, shown in groups of four: `abcd-efgh-ijkl-mnop`. */
function newCode(): string {
  const bytes = randomBytes(16);
  const letters = [...bytes].map((byte) => ALPHABET[byte & 31]).join('');
  return letters.match(/.{4}/g)?.join('-') ?? letters;
}

/** The stored form of a code typed in any case, with or without its dashes: SHA-256 (80 random bits need no slow hash). */
export const hashRecoveryCode = (code: string): string => createHash('sha256').update(code.replace(/[\s-]/g, '').toLowerCase()).digest('hex');

/** Ten new codes, to be shown once; only their hashes are kept. */
export function newRecoveryCodes(): { codes: string[]; hashes: string[] } {
  const codes = Array.from({ length: CODES }, newCode);
  return { codes, hashes: codes.map(hashRecoveryCode) };
}
