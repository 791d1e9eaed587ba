import { createHash, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openBarPanel, SCREENSHOTS, signInThroughPortal } from './support/browser';
import { eventually, https, loginAsAdmin, platformHealthy, userCookie } from './support/stack';
import { E2E_HOSTNAME, E2E_HTTPS_PORT } from './support/stack-settings';
import { endSessions, launchWorkspace, sessionContainer, smallWorkspace } from './support/workspaces';

/**
 * Files in and out of a container workspace through the portal, on the real stack: the Files panel's upload
 * and download, the policy enforced where the bytes flow, the size limit (the e2e agent's is 64 MiB), and the
 * links a shell inside the workspace can plant.
 */
const base = `https://${E2E_HOSTNAME}:${E2E_HTTPS_PORT}`;
const WORKSPACE = 'e2e-files';
const USER = 'fiona-files';
const PASSWORD = `${USER}-password-123`;
const FIFTY_MB = 50 * 1024 * 1024;

let admin: string;
let fiona: string;
let groupId: string;
let fionaId: string;
let browser: Browser;
let page: Page;
let sessionId: string;
const started: string[] = [];
const original = join(SCREENSHOTS, 'files-upload.bin');

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A shell command inside the workspace as its user (the attacker with a shell); its output. */
const inWorkspace = (script: string) =>
  execFileSync('docker', ['exec', sessionContainer(sessionId), 'bash', '-c', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

async function governBy(settings: Record<string, unknown>): Promise<void> {
  const response = await https(`/api/groups/${groupId}/settings`, { method: 'PUT', cookie: admin, body: settings });
  if (response.status !== 204) throw new Error(`group settings answered ${response.status}: ${response.body}`);
}

/** A request from the signed-in page, as the portal's own code would send it: status and error code. */
function fromPage(method: 'GET' | 'PUT', path: string, bytes = 0): Promise<{ status: number; code?: string; body: string }> {
  return page.evaluate(
    async ({ method, path, bytes }) => {
      const response = await fetch(path, { method, ...(method === 'PUT' && { body: new Blob([new Uint8Array(bytes)]) }) });
      const body = await response.text();
      let code: string | undefined;
      try {
        code = JSON.parse(body).code;
      } catch {
        code = undefined;
      }
      return { status: response.status, code, body: body.slice(0, 300) };
    },
    { method, path, bytes },
  );
}

const files = (folder: 'Uploads' | 'Downloads') => inWorkspace(`ls -A ~/${folder} 2>/dev/null || true`);

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  writeFileSync(original, randomBytes(FIFTY_MB));
  await platformHealthy();
  admin = await loginAsAdmin();
  await smallWorkspace(admin, WORKSPACE, 'none');
  fiona = await userCookie(admin, USER);
  fionaId = (await https('/api/auth/me', { cookie: fiona })).json<{ id: string }>().id;
  const group = await https('/api/groups', { method: 'POST', cookie: admin, body: { name: 'e2e-files', priority: 1 } });
  groupId = group.json<{ id: string }>().id;
  await https(`/api/groups/${groupId}/members`, { method: 'PUT', cookie: admin, body: { userIds: [fionaId] } });
  await governBy({ allow_kasm_uploads: true, allow_kasm_downloads: true });
  sessionId = (await launchWorkspace(fiona, WORKSPACE)).id;
  started.push(sessionId);
  browser = await launchChromium();
  page = await (await browser.newContext({ ignoreHTTPSErrors: true, acceptDownloads: true })).newPage();
  await signInThroughPortal(page, base, USER, PASSWORD);
  await page.goto(`${base}/desktop/${sessionId}/`);
  await page.locator('#status', { hasText: 'connected' }).waitFor({ state: 'attached', timeout: 30_000 });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await endSessions(admin, started);
});

describe('files in and out of a container workspace', () => {
  it('should upload 50 MB through the Files panel and download it again, byte for byte', async () => {
    await openBarPanel(page, 'Files');
    await page.locator('input[type=file]').setInputFiles(original);
    await page.locator('[data-testid=upload][data-state=done]').waitFor({ timeout: 120_000 });
    await page.screenshot({ path: join(SCREENSHOTS, 'files-uploaded.png') });
    const expected = sha256(readFileSync(original));
    expect(inWorkspace('sha256sum ~/Uploads/files-upload.bin | cut -d" " -f1')).toBe(expected);

    inWorkspace('cp ~/Uploads/files-upload.bin ~/Downloads/round-trip.bin');
    await page.getByRole('button', { name: 'Refresh' }).click();
    const link = page.getByRole('link', { name: 'round-trip.bin' });
    await link.waitFor({ timeout: 10_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const saved = await download.path();
    expect(download.suggestedFilename()).toBe('round-trip.bin');
    expect(sha256(readFileSync(saved))).toBe(expected);
    await page.keyboard.press('Escape');
  }, 240_000);

  it('should audit each transfer with its name, size and direction', async () => {
    const entries = await eventually(async () => {
      const page = (await https(`/api/audit?targetId=${sessionId}&limit=50`, { cookie: admin })).json<{
        entries: { action: string; detail: Record<string, unknown> }[];
      }>();
      const found = page.entries.filter((entry) => entry.action.startsWith('file.'));
      expect(found.length).toBeGreaterThanOrEqual(2);
      return found;
    }, 10_000);
    expect(entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'file.upload',
          detail: expect.objectContaining({ name: 'files-upload.bin', bytes: FIFTY_MB, outcome: 'completed' }),
        }),
        expect.objectContaining({
          action: 'file.download',
          detail: expect.objectContaining({ name: 'round-trip.bin', bytes: FIFTY_MB, outcome: 'completed' }),
        }),
      ]),
    );
  });

  it('should refuse a file over the limit and keep no part of it', async () => {
    const answer = await fromPage('PUT', `/desktop/${sessionId}/files/uploads/too-big.bin`, 65 * 1024 * 1024);
    expect(answer).toMatchObject({ status: 413, code: 'file_too_large' });
    expect(files('Uploads')).toBe('files-upload.bin');
  });

  it('should keep nothing of an upload cancelled half way', async () => {
    const progress = await page.evaluate(async (path) => {
      const request = new XMLHttpRequest();
      const aborted = new Promise<number>((resolve) => {
        request.upload.onprogress = (event) => {
          if (event.loaded > 8 * 1024 * 1024) request.abort();
        };
        request.onabort = () => resolve(1);
        request.onloadend = () => resolve(0);
      });
      request.open('PUT', path);
      request.send(new Blob([new Uint8Array(60 * 1024 * 1024)]));
      return aborted;
    }, `/desktop/${sessionId}/files/uploads/cancelled.bin`);
    expect(progress).toBe(1);
    // The script in the workspace drops the short file when its input ends: no name, no hidden part.
    await eventually(async () => expect(files('Uploads')).toBe('files-upload.bin'), 15_000, 250);
  });

  it('should not follow links planted in the folders by a shell in the workspace', async () => {
    inWorkspace('ln -s /etc/passwd ~/Downloads/passwd-link && ln -s /tmp/written-through-link ~/Uploads/planted.txt');
    const list = JSON.parse((await fromPage('GET', `/desktop/${sessionId}/files/downloads`)).body) as { files: { name: string }[] };
    expect(list.files.map((file) => file.name)).not.toContain('passwd-link');
    expect(await fromPage('GET', `/desktop/${sessionId}/files/downloads/passwd-link`)).toMatchObject({ status: 404, code: 'file_not_found' });

    // An upload under the planted link's name is stored beside it, never written through it.
    const stored = await fromPage('PUT', `/desktop/${sessionId}/files/uploads/planted.txt`, 1024);
    expect(stored.status).toBe(201);
    expect(JSON.parse(stored.body)).toEqual({ name: 'planted (1).txt', size: 1024 });
    expect(inWorkspace('test -e /tmp/written-through-link && echo written || echo absent')).toBe('absent');

    // A folder replaced by a link out of the home is refused whole.
    inWorkspace('rm -rf ~/Downloads && ln -s /etc ~/Downloads');
    expect(await fromPage('GET', `/desktop/${sessionId}/files/downloads`)).toMatchObject({ status: 409, code: 'folder_unusable' });
    expect(await fromPage('GET', `/desktop/${sessionId}/files/downloads/hostname`)).toMatchObject({ status: 409, code: 'folder_unusable' });
  });

  it('should let only the owner move files, even another user whose policy allows both directions', async () => {
    const other = await userCookie(admin, 'oscar-files');
    const otherId = (await https('/api/auth/me', { cookie: other })).json<{ id: string }>().id;
    await https(`/api/groups/${groupId}/members`, { method: 'PUT', cookie: admin, body: { userIds: [fionaId, otherId] } });
    for (const cookie of [other, admin]) {
      const list = await https(`/desktop/${sessionId}/files/downloads`, { cookie });
      expect(list.status).toBe(403);
      expect(list.json<{ code: string }>().code).toBe('files_owner_only');
    }
    const upload = await https(`/desktop/${sessionId}/files/uploads/intruder.txt`, { method: 'PUT', cookie: other, origin: base, body: { x: 1 } });
    expect(upload.json<{ code: string }>().code).toBe('files_owner_only');
    expect(files('Uploads')).not.toContain('intruder');
  });

  it('should refuse each direction the policy turns off, readably, with no byte moved', async () => {
    await governBy({ allow_kasm_uploads: false, allow_kasm_downloads: true });
    expect(await fromPage('PUT', `/desktop/${sessionId}/files/uploads/refused.bin`, 4096)).toMatchObject({ status: 403, code: 'uploads_disabled' });
    inWorkspace('rm -f ~/Downloads && mkdir ~/Downloads && echo hello > ~/Downloads/hello.txt');
    expect((await fromPage('GET', `/desktop/${sessionId}/files/downloads/hello.txt`)).status).toBe(200);

    await governBy({ allow_kasm_uploads: true, allow_kasm_downloads: false });
    expect(await fromPage('GET', `/desktop/${sessionId}/files/downloads`)).toMatchObject({ status: 403, code: 'downloads_disabled' });
    expect(await fromPage('GET', `/desktop/${sessionId}/files/downloads/hello.txt`)).toMatchObject({ status: 403, code: 'downloads_disabled' });
    expect((await fromPage('PUT', `/desktop/${sessionId}/files/uploads/allowed.bin`, 16)).status).toBe(201);
    expect(files('Uploads')).not.toContain('refused');

    // The viewer offers only what the policy allows: with both off, no Files button.
    await governBy({ allow_kasm_uploads: false, allow_kasm_downloads: false });
    await page.reload();
    await page.locator('#status', { hasText: 'connected' }).waitFor({ state: 'attached', timeout: 30_000 });
    await expect(page.getByRole('button', { name: 'Fullscreen' }).isVisible()).resolves.toBe(true);
    expect(await page.getByRole('button', { name: 'Files' }).count()).toBe(0);
  });
});
