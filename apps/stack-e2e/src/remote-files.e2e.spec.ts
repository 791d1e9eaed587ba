import { createHash, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { StartedTestContainer } from 'testcontainers';
import { launchChromium, openBarPanel, SCREENSHOTS, signInThroughPortal } from './support/browser';
import { GovernedServer, startTarget } from './support/remote-targets';
import { loginAsAdmin, platformHealthy } from './support/stack';
import { E2E_HOSTNAME, E2E_HTTPS_PORT } from './support/stack-settings';

/**
 * Files of a remote system: SFTP on an SSH connection through guacd, in the viewer's Files panel, as the policy
 * allows; the direction it turns off is refused by the connection proxy (and guacd's own SFTP switch behind it),
 * whatever a client sends.
 */
const base = `https://${E2E_HOSTNAME}:${E2E_HTTPS_PORT}`;
const USER = 'rita-remote-files';
const PASSWORD = `${USER}-password-123`;
const SSH_PASSWORD = 'remote-files-ssh-1';
const FIFTY_MB = 50 * 1024 * 1024;
const original = join(SCREENSHOTS, 'remote-upload.bin');

let target: GovernedServer;
let ssh: StartedTestContainer;
let browser: Browser;

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const onTarget = (script: string) => execFileSync('docker', ['exec', ssh.getId(), 'bash', '-c', script], { encoding: 'utf8' }).trim();

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  writeFileSync(original, randomBytes(FIFTY_MB));
  await platformHealthy();
  ssh = await startTarget('atrium/target-ssh:dev', 'files-ssh-target', 22, { TARGET_PASSWORD: SSH_PASSWORD });
  target = await GovernedServer.create(await loginAsAdmin(), USER, {
    name: 'e2e-files-ssh',
    protocol: 'ssh',
    hostname: 'files-ssh-target',
    port: 22,
    credentials: { mode: 'static', username: 'atrium', password: SSH_PASSWORD },
  });
  // Let the host's network settle after the target's interface appeared, or Chromium aborts its first requests.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await ssh?.stop();
});

describe('files of a remote system (SSH, through SFTP)', () => {
  let page: Page;

  it('should upload 50 MB into the home folder from the Files panel and download it again, byte for byte', async () => {
    await target.governBy({ allow_kasm_uploads: true, allow_kasm_downloads: true });
    const session = await target.launch();
    page = await (await browser.newContext({ ignoreHTTPSErrors: true, acceptDownloads: true })).newPage();
    await signInThroughPortal(page, base, USER, PASSWORD);
    await page.goto(`${base}/remote/${session.id}/`);
    // The Files button appears once guacd offers the SFTP filesystem on the connection.
    await page.getByRole('toolbar', { name: 'Session controls' }).getByRole('button', { name: 'Files' }).waitFor({ state: 'attached', timeout: 30_000 });
    await openBarPanel(page, 'Files');
    await page.getByRole('button', { name: 'home/' }).click();
    await page.getByRole('button', { name: 'atrium/' }).click();
    await page.getByTestId('remote-path').filter({ hasText: '/home/atrium' }).waitFor();
    await page.locator('input[type=file]').setInputFiles(original);
    await page.locator('[data-testid=remote-transfer][data-state=done]').waitFor({ timeout: 180_000 });
    await page.screenshot({ path: join(SCREENSHOTS, 'remote-files.png') });
    const expected = sha256(readFileSync(original));
    expect(onTarget('sha256sum /home/atrium/remote-upload.bin | cut -d" " -f1')).toBe(expected);

    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 180_000 }),
      page.getByRole('button', { name: 'remote-upload.bin' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('remote-upload.bin');
    expect(sha256(readFileSync(await download.path()))).toBe(expected);
    await page.goto(`${base}/`);
    await target.end(session.id);
  }, 420_000);

  it('should refuse an upload the policy turns off, with its reason, whatever the client sends', async () => {
    const { client, close } = await target.connect({ allow_kasm_uploads: false, allow_kasm_downloads: true });
    const [, objectIndex] = await client.waitFor(['filesystem'], 20_000);
    client.send('put', objectIndex as string, '7', 'text/plain', '/home/atrium/refused.txt');
    const ack = await client.answer('ack', '7');
    expect(ack.slice(2)).toEqual(['Uploads are turned off by your policy.', String(0x0303)]);
    expect(onTarget('test -e /home/atrium/refused.txt && echo present || echo absent')).toBe('absent');
    await close();
  }, 60_000);

  it('should offer no files at all when the policy turns both directions off', async () => {
    const { client, close } = await target.connect({ allow_kasm_uploads: false, allow_kasm_downloads: false });
    await client.expectWorking();
    expect(client.received.some((instruction) => instruction[0] === 'filesystem')).toBe(false);
    await close();
  }, 60_000);
});
