import { clearedSessionCookie, readSessionToken, sessionCookie } from './session-cookie';

const token = 'a'.repeat(43);

describe('session cookie', () => {
  it('should be HttpOnly, Secure and SameSite=Strict', () => {
    const cookie = sessionCookie(token, { secure: true, maxAgeSeconds: 3600 });
    expect(cookie.split('; ')).toEqual(expect.arrayContaining([`atrium_session=${token}`, 'HttpOnly', 'Secure', 'SameSite=Strict', 'Max-Age=3600', 'Path=/']));
  });

  it('should expire at once when cleared', () => {
    expect(clearedSessionCookie(true)).toContain('Max-Age=0');
  });

  it('should read our token among other cookies', () => {
    expect(readSessionToken(`theme=dark; atrium_session=${token}; x=1`)).toBe(token);
  });

  it.each([undefined, '', 'theme=dark', 'atrium_session=short', 'atrium_session=has spaces and ; semicolons'])('should find no token in %p', (header) => {
    expect(readSessionToken(header)).toBeUndefined();
  });
});
