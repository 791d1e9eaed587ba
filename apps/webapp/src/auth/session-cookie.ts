import { SESSION_COOKIE_NAME } from '@atrium/contracts';

export interface CookieOptions {
  secure: boolean;
  maxAgeSeconds: number;
}

/** HttpOnly (no script reads it), SameSite=Strict (no cross-site request carries it), Secure behind TLS. */
export function sessionCookie(token: string, options: CookieOptions): string {
  const parts = [`${SESSION_COOKIE_NAME}=${token}`, 'Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${Math.floor(options.maxAgeSeconds)}`];
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}

export const clearedSessionCookie = (secure: boolean) => sessionCookie('', { secure, maxAgeSeconds: 0 });

/** Reads our cookie from a Cookie header; other cookies and malformed pairs are ignored. */
export function readSessionToken(cookieHeader: string | undefined): string | undefined {
  if (!cookieHeader) return undefined;
  for (const pair of cookieHeader.split(';')) {
    const index = pair.indexOf('=');
    if (index < 0) continue;
    if (pair.slice(0, index).trim() === SESSION_COOKIE_NAME) {
      const value = pair.slice(index + 1).trim();
      return /^[A-Za-z0-9_-]{20,128}$/.test(value) ? value : undefined;
    }
  }
  return undefined;
}
