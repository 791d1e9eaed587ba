import { readFileSync } from 'node:fs';
import type { GroupView, OidcProviderView, SignInProvider } from '@atrium/contracts';
import { apiCall, bodyOf, refusalOf, signIn, startTestApp, type TestApp } from '../testing/test-app';

let app: TestApp;
let admin: string;
let groupId: string;
const CLIENT_SECRET = 'client-secret-never-shown-4471';

const provider = (change: Record<string, unknown> = {}) => ({
  name: 'Corp SSO',
  issuer: 'https://idp.corp.example',
  clientId: 'atrium',
  clientSecret: CLIENT_SECRET,
  ...change,
});

beforeAll(async () => {
  app = await startTestApp();
  admin = await signIn(app, 'admin', readFileSync(app.ctx.config.INITIAL_ADMIN_PASSWORD_PATH, 'utf8').trim());
  groupId = (await bodyOf<GroupView>(await apiCall(app, '/api/groups', admin, 'POST', { name: 'sso-mapped' }))).id;
});
afterAll(() => app.close());

describe('identity providers, as administrators manage them', () => {
  let created: OidcProviderView;

  it('keeps a provider with its defaults and redirect URI, and never answers with its client secret', async () => {
    const response = await apiCall(app, '/api/oidc-providers', admin, 'POST', provider({ groupMappings: [{ claimValue: 'engineering', groupId }] }));
    expect(response.status).toBe(201);
    const text = await response.text();
    expect(text).not.toContain(CLIENT_SECRET);
    created = JSON.parse(text) as OidcProviderView;
    expect(created).toMatchObject({
      scopes: 'openid profile email',
      usernameClaim: 'preferred_username',
      groupsClaim: 'groups',
      createUsers: true,
      enabled: true,
      caCertificate: null,
    });
    expect(created.redirectUri).toMatch(/^https:\/\/[^/]+\/api\/auth\/oidc\/callback$/);
    expect(await (await apiCall(app, '/api/oidc-providers', admin)).text()).not.toContain(CLIENT_SECRET);
    const stored: { client_secret_sealed: Buffer }[] = await app.ctx.knex('oidc_providers');
    expect(stored[0]?.client_secret_sealed.toString('latin1')).not.toContain(CLIENT_SECRET);
  });

  it('refuses an issuer in clear, a bad claim name, a mapping to no group and an unknown provider, each by its code', async () => {
    const post = (body: Record<string, unknown>) => refusalOf(apiCall(app, '/api/oidc-providers', admin, 'POST', provider(body)));
    expect(await post({ name: 'plain', issuer: 'http://idp.corp.example' })).toEqual([400, 'validation_failed']);
    expect(await post({ name: 'claim', groupsClaim: 'groups; drop' })).toEqual([400, 'validation_failed']);
    expect(await post({ name: 'scopes', scopes: 'openid "profile"' })).toEqual([400, 'validation_failed']);
    expect(await post({ name: 'g', groupMappings: [{ claimValue: 'x', groupId: '0b9c6a7e-1111-4a4a-8a8a-123456789abc' }] })).toEqual([400, 'group_not_found']);
    const unknown = '/api/oidc-providers/0b9c6a7e-1111-4a4a-8a8a-123456789abc';
    expect(await refusalOf(apiCall(app, unknown, admin, 'PATCH', { enabled: false }))).toEqual([404, 'provider_not_found']);
    expect(await refusalOf(apiCall(app, unknown, admin, 'DELETE'))).toEqual([404, 'provider_not_found']);
  });

  it('shows anyone the enabled providers (name only) for the sign-in page, and no disabled one', async () => {
    const listed = await bodyOf<SignInProvider[]>(await fetch(`${app.baseUrl}/api/auth/oidc/providers`));
    expect(listed).toEqual([{ id: created.id, name: 'Corp SSO' }]);
    await apiCall(app, `/api/oidc-providers/${created.id}`, admin, 'PATCH', { enabled: false });
    expect(await bodyOf<SignInProvider[]>(await fetch(`${app.baseUrl}/api/auth/oidc/providers`))).toEqual([]);
    expect(await refusalOf(fetch(`${app.baseUrl}/api/auth/oidc/${created.id}/start`, { redirect: 'manual' }))).toEqual([404, 'provider_not_found']);
    await apiCall(app, `/api/oidc-providers/${created.id}`, admin, 'PATCH', { enabled: true });
  });

  it("sends a provider's answer that this browser did not ask for back to the sign-in page, and signs no one in", async () => {
    const response = await fetch(`${app.baseUrl}/api/auth/oidc/callback?code=stolen-code&state=guessed`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/sign-in?sso_error=sso_flow_expired');
    expect(response.headers.getSetCookie().some((cookie) => cookie.startsWith('atrium_session=') && !cookie.startsWith('atrium_session=;'))).toBe(false);
    const forged = await fetch(`${app.baseUrl}/api/auth/oidc/callback?code=stolen-code&state=guessed`, {
      redirect: 'manual',
      headers: { cookie: 'atrium_sso=bm90LWEtc2VhbGVkLWZsb3c' },
    });
    expect(forged.headers.get('location')).toBe('/sign-in?sso_error=sso_flow_expired');
  });

  it('lets only administrators near providers', async () => {
    await apiCall(app, '/api/users', admin, 'POST', { username: 'olga', password: 'olga-long-password-5521' });
    const olga = await signIn(app, 'olga', 'olga-long-password-5521');
    expect(await refusalOf(apiCall(app, '/api/oidc-providers', olga))).toEqual([403, 'admin_only']);
    expect(await refusalOf(apiCall(app, '/api/oidc-providers', olga, 'POST', provider({ name: 'mine' })))).toEqual([403, 'admin_only']);
    expect(await refusalOf(apiCall(app, `/api/oidc-providers/${created.id}`, olga, 'DELETE'))).toEqual([403, 'admin_only']);
  });

  it('removes a provider and lists it no more', async () => {
    expect((await apiCall(app, `/api/oidc-providers/${created.id}`, admin, 'DELETE')).status).toBe(204);
    expect(await bodyOf<OidcProviderView[]>(await apiCall(app, '/api/oidc-providers', admin))).toEqual([]);
  });
});
