/**
 * The portal path to open after signing in: a path of this site, never another origin (`//host`, a backslash
 * trick, a scheme) nor the sign-in pages, so the start link cannot be made into an open redirect.
 */
export function safeNextPath(next: string | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || /[\\\s]/.test(next)) return '/';
  if (next === '/sign-in' || next.startsWith('/sign-in?') || next.startsWith('/sign-in/') || next.startsWith('/api/')) return '/';
  return next;
}
