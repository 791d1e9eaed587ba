import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits for the cookie; only its SHA-256 is stored, so the database cannot replay sessions. */
export const newSessionToken = () => randomBytes(32).toString('base64url');

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
