import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { StartedTestContainer } from 'testcontainers';
import { launchChromium, openBarPanel, SCREENSHOTS, signInThroughPortal } from './support/browser';
import { GovernedServer, startTarget } from './support/remote-targets';
import { eventually, execIn, loginAsAdmin, platformHealthy } from './support/stack';
import { E2E_HOSTNAME, E2E_HTTPS_PORT } from './support/stack-settings';

/**
 * Files of an RDP system through the session's drive (guacd's `enable-drive`, one folder per session in the
 * drives volume). guacd 1.3 has no per-direction switch for a drive: every refusal here is the connection
 * proxy's, on guacd's file streams, whatever a client sends.
 */
const base = `https://${E2E_HOSTNAME}:${E2E_HTTPS_PORT}`;
const USER = 'rhea-remote-drive';
const PASSWORD = `${USER}-password-123`;
const RDP_PASSWORD = 'remote-drive-rdp-1';
const FIFTY_MB = 50 * 1024 * 1024;
/** The e2e stack's per-file limit (ATRIUM_FILES_MAX_FILE_MB). */
const LIMIT = 64 * 1024 * 1024;
const original = join(SCREENSHOTS, 'drive-upload.bin');

let target: GovernedServer;
let rdp: StartedTestContainer;
let browser: Browser;

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
/** A path in the session's drive folder, as guacd wrote it (the drives volume, seen from guacd). */
const inDrive = (sessionId: string, script: string) => execIn('guacd', ['bash', '-c', `cd /drives/${sessionId} && ${script}`]).trim();

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  writeFileSync(original, randomBytes(FIFTY_MB));
  await platformHealthy();
  rdp = await startTarget('atrium/target-rdp:dev', 'drive-rdp-target', 3389, { TARGET_PASSWORD: RDP_PASSWORD });
  target = await GovernedServer.create(await loginAsAdmin(), USER, {
    name: 'e2e-drive-rdp',
    protocol: 'rdp',
    hostname: 'drive-rdp-target',
    port: 3389,
    credentials: { mode: 'static', username: 'atrium', password: RDP_PASSWORD },
    settings: { rdpSecurity: 'tls', rdpIgnoreCertificate: true },
  });
  // Let the host's network settle after the target's interface appeared, or Chromium aborts its first requests.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await rdp?.stop();
});

describe("files of an RDP system (the session's drive)", () => {
  it('should upload 50 MB into the drive from the Files panel and download it again, byte for byte, each audited', async () => {
    await target.governBy({ allow_kasm_uploads: true, allow_kasm_downloads: true });
    const session = await target.launch();
    const page = await (await browser.newContext({ ignoreHTTPSErrors: true, acceptDownloads: true })).newPage();
    await signInThroughPortal(page, base, USER, PASSWORD);
    await page.goto(`${base}/remote/${session.id}/`);
    await page.getByRole('toolbar', { name: 'Session controls' }).getByRole('button', { name: 'Files' }).waitFor({ state: 'attached', timeout: 30_000 });
    await openBarPanel(page, 'Files');
    await page.getByTestId('remote-path').filter({ hasText: '/' }).waitFor();
    await page.locator('input[type=file]').setInputFiles(original);
    await page.locator('[data-testid=remote-transfer][data-state=done]').waitFor({ timeout: 180_000 });
    await page.screenshot({ path: join(SCREENSHOTS, 'remote-drive.png') });
    const expected = sha256(readFileSync(original));
    expect(inDrive(session.id, 'sha256sum drive-upload.bin | cut -d" " -f1')).toBe(expected);

    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 180_000 }), page.getByRole('button', { name: 'drive-upload.bin' }).click()]);
    expect(sha256(readFileSync(await download.path()))).toBe(expected);
    await page.goto(`${base}/`);
    expect(await target.transfersOf(session.id, 2)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'file.upload',
          detail: expect.objectContaining({ name: '/drive-upload.bin', bytes: FIFTY_MB, outcome: 'completed' }),
        }),
        expect.objectContaining({
          action: 'file.download',
          detail: expect.objectContaining({ name: '/drive-upload.bin', bytes: FIFTY_MB, outcome: 'completed' }),
        }),
      ]),
    );
    await target.end(session.id);
    // The session's drive folder goes with the session.
    await eventually(
      async () => expect(execIn('guacd', ['bash', '-c', `test -e /drives/${session.id} && echo kept || echo gone`]).trim()).toBe('gone'),
      10_000,
    );
  }, 420_000);

  it('should refuse an upload the policy turns off, with its reason, and write nothing', async () => {
    const { session, client, close } = await target.connect({ allow_kasm_uploads: false, allow_kasm_downloads: true });
    const [, objectIndex] = await client.waitFor(['filesystem'], 20_000);
    client.send('put', objectIndex as string, '7', 'text/plain', '/refused.txt');
    client.send('blob', '7', Buffer.from('should never land').toString('base64'));
    client.send('end', '7');
    const ack = await client.answer('ack', '7');
    expect(ack.slice(2)).toEqual(['Uploads are turned off by your policy.', String(0x0303)]);
    expect(inDrive(session.id, 'test -e refused.txt && echo present || echo absent')).toBe('absent');
    expect(await target.transfersOf(session.id, 1)).toEqual([
      expect.objectContaining({ action: 'file.upload', detail: expect.objectContaining({ outcome: 'refused', reason: 'uploads_disabled' }) }),
    ]);
    await close();
  }, 90_000);

  it('should refuse a download the policy turns off, with its reason, while uploads still work', async () => {
    const { session, client, close } = await target.connect({ allow_kasm_uploads: true, allow_kasm_downloads: false });
    const [, objectIndex] = await client.waitFor(['filesystem'], 20_000);
    client.send('put', objectIndex as string, '8', 'text/plain', '/allowed.txt');
    await client.answer('ack', '8');
    client.send('blob', '8', Buffer.from('uploads still work').toString('base64'));
    client.send('end', '8');
    await eventually(async () => expect(inDrive(session.id, 'cat allowed.txt')).toBe('uploads still work'), 10_000);

    client.send('get', objectIndex as string, '/allowed.txt');
    const body = await eventually(async () => {
      const found = client.received.find((instruction) => instruction[0] === 'body' && instruction[4] === '/allowed.txt');
      if (!found) throw new Error('no body yet');
      return found;
    }, 10_000);
    const refused = await client.answer('atrium-refused', body[2] as string);
    expect(refused.slice(2)).toEqual(['downloads_disabled', 'Downloads are turned off by your policy.']);
    // Not a byte of the file reached the client.
    expect(client.received.some((instruction) => instruction[0] === 'blob' && instruction[1] === body[2])).toBe(false);
    await close();
  }, 90_000);

  it('should stop an upload over the per-file limit part way and leave no partial file', async () => {
    const { session, client, close } = await target.connect({ allow_kasm_uploads: true, allow_kasm_downloads: true });
    const [, objectIndex] = await client.waitFor(['filesystem'], 20_000);
    client.send('put', objectIndex as string, '9', 'application/octet-stream', '/too-big.bin');
    await client.answer('ack', '9');
    // As guacamole-common-js sends: 6048-byte blobs, here without waiting for each acknowledgement.
    const blob = randomBytes(6048).toString('base64');
    for (let sent = 0; sent <= LIMIT; sent += 6048) client.send('blob', '9', blob);
    const refusal = await client.answer('ack', '9', (instruction) => instruction[3] !== '0', 60_000);
    expect(refusal.slice(2)).toEqual(['Files larger than 64 MiB are not transferred.', String(0x030d)]);
    await eventually(async () => expect(inDrive(session.id, 'ls -A')).toBe(''), 10_000);
    expect(await target.transfersOf(session.id, 1)).toEqual([
      expect.objectContaining({ action: 'file.upload', detail: expect.objectContaining({ outcome: 'refused', reason: 'file_too_large' }) }),
    ]);
    await close();
  }, 120_000);

  it('should give an RDP connection no drive when the policy turns both directions off', async () => {
    const { client, close } = await target.connect({ allow_kasm_uploads: false, allow_kasm_downloads: false });
    await client.expectWorking();
    expect(client.received.some((instruction) => instruction[0] === 'filesystem')).toBe(false);
    await close();
  }, 60_000);
});

describe('the microphone into an RDP system', () => {
  const MIMETYPE = 'audio/L16;rate=44100,channels=2';

  it('should refuse the microphone with its reason when the policy does not allow it', async () => {
    const { client, close } = await target.connect({ allow_kasm_audio: true, allow_kasm_microphone: false });
    await client.expectWorking();
    client.send('audio', '5', MIMETYPE);
    const ack = await client.answer('ack', '5');
    expect(ack.slice(2)).toEqual(['The microphone is turned off by your policy.', String(0x0303)]);
    await close();
  }, 60_000);

  it('should hand an allowed microphone to guacd, which takes it (not "unsupported"), and end it when the browser turns it off', async () => {
    const { client, close } = await target.connect({ allow_kasm_audio: true, allow_kasm_microphone: true });
    await client.expectWorking();
    client.send('audio', '5', MIMETYPE);
    // guacd without `enable-audio-input` answers at once with 0x0100 (unsupported); with it, it waits for the RDP
    // server's audio-input channel, which xrdp does not open: no answer at all.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(client.received.filter((instruction) => instruction[0] === 'ack' && instruction[1] === '5')).toEqual([]);
    client.send('atrium-cancel', '5');
    const closed = await client.answer('ack', '5');
    expect(closed.slice(2)).toEqual(['The microphone is off.', String(0x0202)]);
    await close();
  }, 60_000);
});
