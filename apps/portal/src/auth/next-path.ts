/**
 * Where to go after signing in: the page the person was sent away from, if it is a path of this site. Anything
 * else (another origin, `//host`, a backslash trick, the sign-in page itself) goes to the launcher, so a link
 * cannot turn the sign-in page into an open redirect.
 */
export function safeNextPath(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return '/';
  if (next === '/sign-in' || next.startsWith('/sign-in?') || next.startsWith('/sign-in/')) return '/';
  return next;
}

/** The second-factor step's address (after a right password), which also comes back to `path` afterwards. */
export const secondFactorPathFor = (path: string) => (path === '/' ? '/sign-in/second-factor' : `/sign-in/second-factor?next=${encodeURIComponent(path)}`);

/** The sign-in page's address that comes back to `path` afterwards. */
export const signInPathFor = (path: string) => (path === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(path)}`);
