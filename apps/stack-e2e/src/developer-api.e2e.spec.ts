import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { distinctColoursSeen, launchChromium, SCREENSHOTS, expectViewerConnected } from './support/browser';
import { eventually, https, loginAsAdmin, platformHealthy, type HttpAnswer } from './support/stack';
import { E2E_HOSTNAME, E2E_HTTPS_PORT } from './support/stack-settings';
import { execIn, sessionContainer, smallWorkspace } from './support/workspaces';

/**
 * An integration of the kind that drives Kasm today, against the real stack: nothing but HTTPS and an API key
 * (an administrator creates the key once, in Atrium). The user it creates opens the session from the link it
 * is handed, in a real browser, with no other sign-in.
 */
const base = `https://${E2E_HOSTNAME}:${E2E_HTTPS_PORT}`;
let apiKey: { key: string; secret: string };
let narrowKey: { key: string; secret: string };

const call = (verb: string, body: Record<string, unknown>, credentials = apiKey): Promise<HttpAnswer> =>
  https(`/api/public/${verb}`, { method: 'POST', body: { api_key: credentials.key, api_key_secret: credentials.secret, ...body } });

const payload = (answer: HttpAnswer) => answer.json<Record<string, any>>(); // eslint-disable-line @typescript-eslint/no-explicit-any

beforeAll(async () => {
  await platformHealthy();
  const admin = await loginAsAdmin();
  await smallWorkspace(admin, 'integration-terminal');
  const scopes = ['images:read', 'users:read', 'users:write', 'sessions:read', 'sessions:write', 'sessions:exec'];
  apiKey = (await https('/api/api-keys', { method: 'POST', cookie: admin, body: { name: 'e2e-integration', scopes } })).json();
  narrowKey = (await https('/api/api-keys', { method: 'POST', cookie: admin, body: { name: 'e2e-images-only', scopes: ['images:read'] } })).json();
});

describe('an integration using the Developer API', () => {
  it('should create a user, request a session, poll it to running, open kasm_url in a browser, keep it alive, destroy it and delete the user', async () => {
    const images = payload(await call('get_images', {}))['images'] as { image_id: string; friendly_name: string }[];
    const image = images.find((entry) => entry.friendly_name === 'integration-terminal');
    expect(image?.image_id).toMatch(/^[0-9a-f]{32}$/);

    const created = await call('create_user', { target_user: { username: 'integrated-user', first_name: 'Inte', last_name: 'Grated' } });
    expect(created.status).toBe(200);
    expect(created.headers['content-type']).toMatch(/^application\/json/);
    const userId = payload(created)['user'].user_id as string;

    const requested = await call('request_kasm', {
      user_id: userId,
      image_id: image?.image_id,
      enable_sharing: false,
      environment: { GREETING: 'hello-from-the-integration' },
    });
    expect(requested.status).toBe(200);
    const kasmId = payload(requested)['kasm_id'] as string;

    const status = await eventually(
      async () => {
        const answer = payload(await call('get_kasm_status', { kasm_id: kasmId, user_id: userId }));
        expect(answer['error_message']).toBeUndefined();
        expect(answer['kasm'].operational_status).toBe('running');
        return answer;
      },
      30_000,
      500,
    );
    const container = sessionContainer(status['kasm'].kasm_id.replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5'));
    expect(execIn(container, ['printenv', 'GREETING'])).toBe('hello-from-the-integration');

    const browser = await launchChromium();
    try {
      const page = await (await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 720 } })).newPage();
      // A browser on the Docker host aborts a navigation when a container's interface comes or goes
      // (ERR_NETWORK_CHANGED); the link may then be spent, so the integration asks for a fresh one, as it would.
      const trouble: string[] = [];
      page.on('requestfailed', (request) => trouble.push(`${request.url()}: ${request.failure()?.errorText}`));
      page.on('pageerror', (error) => trouble.push(error.message));
      let link = status['kasm_url'] as string;
      for (let attempt = 1; ; attempt++) {
        try {
          await page.goto(`${base}${link}`);
          break;
        } catch (error) {
          if (attempt === 3 || !/ERR_NETWORK_CHANGED/.test(String(error))) throw error;
          link = payload(await call('get_kasm_status', { kasm_id: kasmId, user_id: userId }))['kasm_url'];
        }
      }
      mkdirSync(SCREENSHOTS, { recursive: true });
      try {
        await expectViewerConnected(page);
        await eventually(async () => expect(await distinctColoursSeen(page, '#screen')).toBeGreaterThan(4), 15_000, 500);
      } catch (error) {
        throw new Error(`${(error as Error).message}\nwhat the page met: ${trouble.join('; ') || 'nothing'}`);
      } finally {
        await page.screenshot({ path: join(SCREENSHOTS, 'developer-api-kasm-url.png') });
      }
      // The link was for one use: a second visit (another browser, or someone who copied it) is refused.
      const again = await (await browser.newContext({ ignoreHTTPSErrors: true })).newPage();
      const reused = await again.goto(`${base}${link}`);
      expect([reused?.status(), ((await reused?.json()) as { code?: string } | undefined)?.code]).toEqual([401, 'invalid_login_link']);
    } finally {
      await browser.close();
    }

    const ran = payload(await call('exec_command_kasm', { kasm_id: kasmId, user_id: userId, exec_config: { cmd: 'id -u && touch /tmp/from-exec' } }));
    expect(ran['kasm']).toMatchObject({ exit_code: 0, stdout: '1000\n' });
    expect(() => execIn(container, ['test', '-f', '/tmp/from-exec'])).not.toThrow();

    expect(payload(await call('keepalive', { kasm_id: kasmId }))).toEqual({ usage_reached: false });
    expect(payload(await call('get_kasms', {}))['kasms'].map((kasm: { kasm_id: string }) => kasm.kasm_id)).toContain(kasmId);
    expect((await call('destroy_kasm', { kasm_id: kasmId, user_id: userId })).status).toBe(200);
    await eventually(
      async () => expect(sessionContainer(status['kasm'].kasm_id.replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5'))).toBe(''),
      10_000,
      250,
    );
    expect((await call('delete_user', { target_user: { user_id: userId } })).status).toBe(200);
    const gone = await call('get_user', { target_user: { user_id: userId } });
    expect([gone.status, payload(gone)['code']]).toEqual([404, 'user_not_found']);
  });

  it('should refuse a key without the scope (403) and a wrong secret (401), with error_message and JSON, never HTML', async () => {
    for (const [answer, status] of [
      [await call('get_users', {}, narrowKey), 403],
      [await call('get_images', {}, { key: apiKey.key, secret: 'not-the-secret' }), 401],
      [await https('/api/public/get_images', { method: 'POST', body: {} }), 401],
    ] as const) {
      expect(answer.status).toBe(status);
      expect(answer.headers['content-type']).toMatch(/^application\/json/);
      expect(String(payload(answer)['error_message'])).not.toBe('');
    }
  });

  it('should serve the OpenAPI document through the front door', async () => {
    const document = await https('/api/docs');
    expect(document.status).toBe(200);
    expect(Object.keys(document.json<{ paths: Record<string, unknown> }>().paths)).toEqual(
      expect.arrayContaining(['/api/public/request_kasm', '/api/sessions']),
    );
  });
});
