import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CreatedApiKey } from '@atrium/contracts';
import { apiCall, bodyOf, refusalOf, signIn, startTestApp, type TestApp } from '../testing/test-app';

let app: TestApp;
let admin: string;

/** The metric names docs/metrics.md lists: what a scrape must hold. */
const documented = () =>
  [...readFileSync(join(__dirname, '..', '..', '..', '..', 'docs', 'metrics.md'), 'utf8').matchAll(/^\| `(atrium_[a-z_]+)` \|/gm)].map(
    (match) => match[1] as string,
  );

const scrape = (token?: string) => fetch(`${app.baseUrl}/api/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

async function keyWith(scopes: string[]): Promise<string> {
  const key = await bodyOf<CreatedApiKey>(await apiCall(app, '/api/api-keys', admin, 'POST', { name: `metrics-${scopes.join('-')}`, scopes }));
  return `${key.key}:${key.secret}`;
}

beforeAll(async () => {
  app = await startTestApp();
  admin = await signIn(app, 'admin', readFileSync(app.ctx.config.INITIAL_ADMIN_PASSWORD_PATH, 'utf8').trim());
});
afterAll(() => app.close());

describe('the metrics scrape', () => {
  it('is refused without a key, with a wrong one, and with a key without the metrics scope, each by its code', async () => {
    expect(await refusalOf(scrape())).toEqual([401, 'missing_api_key']);
    const valid = await keyWith(['metrics:read']);
    expect(await refusalOf(scrape(`${valid.split(':')[0]}:wrong-secret`))).toEqual([401, 'invalid_api_key']);
    expect(await refusalOf(scrape(await keyWith(['users:read'])))).toEqual([403, 'missing_scope']);
    // An administrator's browser session is not a scrape credential either.
    expect(await refusalOf(apiCall(app, '/api/metrics', admin))).toEqual([401, 'missing_api_key']);
  });

  it('answers in Prometheus text with every documented metric, routes as patterns and the state read from PostgreSQL', async () => {
    const token = await keyWith(['metrics:read']);
    await apiCall(app, '/api/users/0b9c6a7e-1111-4a4a-8a8a-123456789abc/profiles', admin);
    await fetch(`${app.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'wrong' }),
    });
    const response = await scrape(token);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    // The agents' and the connection proxy's own metrics come from them, and this tier has neither (metrics.e2e has).
    const theirs = ['atrium_stream_', 'atrium_agent_process_', 'atrium_remote_', 'atrium_connection_proxy_'];
    const names = documented().filter((name) => !theirs.some((prefix) => name.startsWith(prefix)));
    expect(names.length).toBeGreaterThanOrEqual(14);
    for (const name of names) expect({ name, present: text.includes(`# TYPE ${name} `) }).toEqual({ name, present: true });
    expect(text).toContain('atrium_http_requests_total{method="GET",route="/api/users/:id/profiles",status="404"}');
    expect(text).toContain('atrium_http_requests_total{method="POST",route="/api/auth/login",status="401"}');
    expect(text).toMatch(/atrium_sign_in_failures_total\{reason="password"\} [1-9]/);
    expect(text).toMatch(/atrium_db_pool_connections\{state="used"\} \d/);
    expect(text).not.toContain('0b9c6a7e-1111');
  });
});
