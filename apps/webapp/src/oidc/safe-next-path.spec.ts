import { safeNextPath } from './safe-next-path';

describe('where a single sign-on comes back to', () => {
  it('should keep a path of this site', () => {
    expect(safeNextPath('/admin/users?page=2')).toBe('/admin/users?page=2');
  });

  it.each([undefined, '', 'https://evil.example', '//evil.example', '/\\evil.example', '/x y', '/sign-in', '/sign-in/second-factor', '/api/auth/logout'])(
    'should send %p to the launcher instead',
    (next) => {
      expect(safeNextPath(next)).toBe('/');
    },
  );
});
