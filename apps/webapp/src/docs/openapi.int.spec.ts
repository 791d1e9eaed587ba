import { readFileSync } from 'node:fs';
import { publicRequestSchemas } from '@atrium/contracts';
import { apiCall, signIn, startTestApp, type TestApp } from '../testing/test-app';
import { NATIVE_ROUTES } from './api-catalog';

let app: TestApp;
let admin: string;
beforeAll(async () => {
  app = await startTestApp();
  admin = await signIn(app, 'admin', readFileSync(app.ctx.config.INITIAL_ADMIN_PASSWORD_PATH, 'utf8').trim());
});
afterAll(() => app.close());

/** A path of the catalog with each parameter filled in with a well-formed value. */
const concrete = (path: string) =>
  path.replace(':action', 'pause').replace(':shareId', 'AAAAAAAAAAAAAAAAAAAAAA').replace(/:\w+/g, '00000000-0000-4000-8000-000000000000');

describe('the OpenAPI document at /api/docs', () => {
  it('should be served to anyone, describe every native route and every Developer API verb, with request schemas', async () => {
    const response = await fetch(`${app.baseUrl}/api/docs`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as { openapi: string; paths: Record<string, Record<string, { requestBody?: unknown }>> };
    expect(document.openapi).toBe('3.1.0');
    for (const verb of Object.keys(publicRequestSchemas)) expect(document.paths[`/api/public/${verb}`]?.['post']?.requestBody).toBeDefined();
    for (const route of NATIVE_ROUTES) expect(document.paths[route.path.replace(/:(\w+)/g, '{$1}')]?.[route.method]).toBeDefined();
    const requestKasm = JSON.stringify(document.paths['/api/public/request_kasm']);
    expect(requestKasm).toContain('api_key_secret');
    expect(requestKasm).toContain('image_id');
  });

  it.each(NATIVE_ROUTES.map((route) => [route.method.toUpperCase(), route.path] as const))(
    'should have %s %s mounted (no "no route" answer)',
    async (method, path) => {
      // Signing out would end the administrator's cookie for the routes after it: that one gets its own sign-in.
      const cookie = path === '/api/auth/logout' ? await signIn(app, 'admin', readFileSync(app.ctx.config.INITIAL_ADMIN_PASSWORD_PATH, 'utf8').trim()) : admin;
      const response = await apiCall(app, concrete(path), cookie, method, ['POST', 'PUT', 'PATCH'].includes(method) ? {} : undefined);
      const body = response.status === 204 || response.status === 302 ? {} : ((await response.json().catch(() => ({}))) as { code?: string });
      expect(response.status).not.toBe(401);
      expect(body.code).not.toBe('not_found');
    },
  );
});
