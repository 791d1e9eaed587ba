import { readFileSync } from 'node:fs';
import { refusalOf, startTestApp, type TestApp } from './testing/test-app';

let app: TestApp;
let cookie: string;
beforeAll(async () => {
  app = await startTestApp();
  const password = readFileSync(app.ctx.config.INITIAL_ADMIN_PASSWORD_PATH, 'utf8').trim();
  const login = await fetch(`${app.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password }),
  });
  cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
});
afterAll(() => app.close());

/** As a signed-in administrator: the strongest browser there is. */
const get = (base: string, path: string) => fetch(`${base}${path}`, { redirect: 'manual', headers: { cookie } });

describe('the public listener', () => {
  it.each([
    '/internal/desktop-authorization',
    '/api/internal/desktop-authorization',
    '/api/INTERNAL/desktop-authorization',
    '/api/%49nternal/desktop-authorization',
    '/api/internal%2Fdesktop-authorization',
    '/api/internal/desktop-authorization/',
    '/INTERNAL/remote-authorization',
    '/api/agents/register',
  ])('should not serve %s', async (path) => {
    const response = await get(app.baseUrl, path);
    expect(response.status).toBe(404);
    expect(response.headers.get('x-atrium-connect-token')).toBeNull();
  });
});

describe('the internal listener', () => {
  it('should answer the authorization route (403: no stream named in the original URI)', async () => {
    expect(await refusalOf(get(app.internalUrl, '/internal/desktop-authorization'))).toEqual([403, 'bad_origin']);
  });

  it.each(['/INTERNAL/desktop-authorization', '/internal/Desktop-Authorization', '/internal/desktop-authorization/'])(
    'should match %s exactly or not at all',
    async (path) => {
      expect(await refusalOf(get(app.internalUrl, path))).toEqual([404, 'not_found']);
    },
  );
});
