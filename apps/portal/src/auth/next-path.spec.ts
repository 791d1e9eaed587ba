import { safeNextPath, signInPathFor } from './next-path';

describe('safeNextPath', () => {
  it.each([
    ['/sessions', '/sessions'],
    ['/desktop/0b9c6a7e-1111-4a4a-8a8a-123456789abc/?share=abc', '/desktop/0b9c6a7e-1111-4a4a-8a8a-123456789abc/?share=abc'],
    [null, '/'],
    ['', '/'],
    ['https://evil.example/', '/'],
    ['//evil.example/path', '/'],
    ['/\\evil.example', '/'],
    ['/sign-in?next=/admin', '/'],
    ['/sign-in/second-factor?next=/admin', '/'],
  ])('should turn %p into %p', (next, expected) => {
    expect(safeNextPath(next)).toBe(expected);
  });
});

describe('signInPathFor', () => {
  it('should come back to the page the person was on, and round-trip through safeNextPath', () => {
    const path = '/admin/audit?action=session.launch';
    const url = new URL(signInPathFor(path), 'https://atrium.test');
    expect(url.pathname).toBe('/sign-in');
    expect(safeNextPath(url.searchParams.get('next'))).toBe(path);
    expect(signInPathFor('/')).toBe('/sign-in');
  });
});
