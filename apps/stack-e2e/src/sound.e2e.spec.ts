import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { FAKE_MEDIA, launchChromium, openBarPanel, SCREENSHOTS, signInThroughPortal } from './support/browser';
import { eventually, https, loginAsAdmin, platformHealthy, userCookie } from './support/stack';
import { E2E_HOSTNAME, E2E_HTTPS_PORT } from './support/stack-settings';
import { endSessions, launchWorkspace, sessionContainer, smallWorkspace } from './support/workspaces';

/**
 * A container session's sound, end to end in Chromium through the portal: a tone played inside the workspace is
 * heard by the page (its spectrum, measured after the viewer's volume, peaks at the tone), the policy keeps a
 * page silent by refusing the stream itself, and Chromium's fake microphone reaches a recorder in the workspace.
 */
const base = `https://${E2E_HOSTNAME}:${E2E_HTTPS_PORT}`;
const WORKSPACE = 'e2e-sound';
const USER = 'sam-sound';
const PASSWORD = `${USER}-password-123`;
const TONE_HZ = 440;

let admin: string;
let groupId: string;
let browser: Browser;
let sessionId: string;
const started: string[] = [];

/**
 * Installed before the portal's scripts: whatever the page connects to its speakers also feeds an analyser, so the
 * test hears what a person would, after decoding, the jitter buffer and the volume.
 */
const SPEAKER_PROBE = `
  window.__speakers = [];
  const connect = AudioNode.prototype.connect;
  AudioNode.prototype.connect = function (destination, ...rest) {
    if (destination instanceof AudioDestinationNode) {
      const analyser = new AnalyserNode(this.context, { fftSize: 8192, smoothingTimeConstant: 0 });
      connect.call(this, analyser);
      window.__speakers.push(analyser);
    }
    return connect.call(this, destination, ...rest);
  };`;

/** The loudest frequency the page's speakers get now, and its level in dB (-Infinity: nothing connected). */
const loudest = (page: Page) =>
  page.evaluate(() => {
    const analyser = (window as unknown as { __speakers: AnalyserNode[] }).__speakers.at(-1);
    if (!analyser) return { hz: 0, db: -Infinity };
    const bins = new Float32Array(analyser.frequencyBinCount);
    analyser.getFloatFrequencyData(bins);
    let peak = 0;
    for (let index = 1; index < bins.length; index++) if ((bins[index] as number) > (bins[peak] as number)) peak = index;
    return { hz: (peak * analyser.context.sampleRate) / analyser.fftSize, db: bins[peak] as number };
  });

const inWorkspace = (script: string) => execFileSync('docker', ['exec', sessionContainer(sessionId), 'bash', '-c', script], { encoding: 'utf8' }).trim();

/** The loudest sample (0-32767) the workspace's default microphone records in two seconds. */
const microphonePeak = () =>
  Number(
    inWorkspace(
      "timeout 2 parec --raw --format=s16le --rate=48000 --channels=1 --latency-msec=20 | od -An -td2 -v -w2 | awk '{v = $1 < 0 ? -$1 : $1; if (v > m) m = v} END {print m + 0}'",
    ),
  );

async function governBy(settings: Record<string, unknown>): Promise<void> {
  const response = await https(`/api/groups/${groupId}/settings`, { method: 'PUT', cookie: admin, body: settings });
  if (response.status !== 204) throw new Error(`group settings answered ${response.status}: ${response.body}`);
}

const pages: Page[] = [];

async function openViewer(): Promise<Page> {
  const page = await (await browser.newContext({ ignoreHTTPSErrors: true })).newPage();
  pages.push(page);
  await page.addInitScript(SPEAKER_PROBE);
  await signInThroughPortal(page, base, USER, PASSWORD);
  await page.goto(`${base}/desktop/${sessionId}/`);
  await page.locator('#status', { hasText: 'connected' }).waitFor({ state: 'attached', timeout: 30_000 });
  return page;
}

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await platformHealthy();
  admin = await loginAsAdmin();
  await smallWorkspace(admin, WORKSPACE, 'none');
  const cookie = await userCookie(admin, USER);
  const userId = (await https('/api/auth/me', { cookie })).json<{ id: string }>().id;
  groupId = (await https('/api/groups', { method: 'POST', cookie: admin, body: { name: 'e2e-sound', priority: 1 } })).json<{ id: string }>().id;
  await https(`/api/groups/${groupId}/members`, { method: 'PUT', cookie: admin, body: { userIds: [userId] } });
  await governBy({ allow_kasm_audio: true, allow_kasm_microphone: true });
  sessionId = (await launchWorkspace(cookie, WORKSPACE)).id;
  started.push(sessionId);
  browser = await launchChromium(FAKE_MEDIA);
}, 120_000);

// A test that failed half way leaves no viewer (and no sound or microphone stream) to the next one.
afterEach(async () => {
  for (const page of pages.splice(0)) await page.context().close();
});

afterAll(async () => {
  await browser?.close();
  await endSessions(admin, started);
});

describe('sound of a container session', () => {
  it('should play a tone made in the workspace in the page, at its frequency', async () => {
    const page = await openViewer();
    // Browsers play sound only after a person's gesture: the first click in the viewer starts it.
    await page.locator('#screen').click();
    await eventually(async () => expect((await loudest(page)).db).toBeGreaterThan(-Infinity), 10_000, 100);
    const silent = await loudest(page);
    expect(silent.db).toBeLessThan(-90);

    const played = Date.now();
    inWorkspace(`(speaker-test -c 1 -t sine -f ${TONE_HZ} -l 0 >/dev/null 2>&1 &)`);
    const heard = await eventually(
      async () => {
        const now = await loudest(page);
        expect(now.db).toBeGreaterThan(-30);
        expect(Math.abs(now.hz - TONE_HZ)).toBeLessThan(12);
        return now;
      },
      10_000,
      20,
    );
    // A figure the test prints (the measured latency lives in bench:sound); the assertions above are what must hold.
    // eslint-disable-next-line no-console
    console.log(
      `tone heard in the page ${Date.now() - played} ms after the command to play it (docker exec included): ${heard.hz.toFixed(0)} Hz at ${heard.db.toFixed(0)} dB`,
    );
    inWorkspace('pkill speaker-test || true');

    await openBarPanel(page, 'Sound');
    await page.locator('[data-testid=sound-state][data-state=playing]').waitFor({ timeout: 5_000 });
    await page.screenshot({ path: join(SCREENSHOTS, 'sound-panel.png') });
  }, 60_000);

  it("should send Chromium's microphone into the workspace only once the person turns it on", async () => {
    const page = await openViewer();
    await page.locator('#screen').click();
    await openBarPanel(page, 'Sound');
    await page.locator('[data-testid=sound-state][data-state=playing]').waitFor({ timeout: 10_000 });
    expect(microphonePeak()).toBe(0);

    // The switch turns on once the browser hands over the microphone (Chromium's fake one grants itself).
    const microphone = page.getByLabel('Microphone');
    await microphone.click({ force: true });
    await eventually(
      async () => expect({ on: await microphone.isChecked(), said: await page.getByTestId('sound-state').textContent() }).toMatchObject({ on: true }),
      10_000,
      100,
    );
    const turnedOn = Date.now();
    const peaks: number[] = [];
    await eventually(
      async () => {
        peaks.push(microphonePeak());
        expect(peaks.at(-1)).toBeGreaterThan(1000);
      },
      30_000,
      0,
    );
    // eslint-disable-next-line no-console
    console.log(`microphone recorded in the workspace within ${Date.now() - turnedOn} ms of the switch (peaks of 2 s records: ${peaks.join(', ')})`);
    await microphone.click({ force: true });
    await eventually(async () => expect(await microphone.isChecked()).toBe(false), 5_000, 100);
    await eventually(async () => expect(microphonePeak()).toBe(0), 10_000, 500);
  }, 60_000);

  it('should give a page whose policy turns sound off no sound stream at all, and say why to a client that asks', async () => {
    await governBy({ allow_kasm_audio: false, allow_kasm_microphone: true });
    const page = await openViewer();
    const sockets: string[] = [];
    page.on('websocket', (socket) => sockets.push(socket.url()));
    await page.locator('#screen').click();
    expect(await page.getByRole('button', { name: 'Sound' }).count()).toBe(0);
    // A page that asks anyway is refused before any sound flows.
    const opened = await page.evaluate(
      (path) =>
        new Promise<boolean>((resolve) => {
          const socket = new WebSocket(`wss://${location.host}${path}`);
          socket.onopen = () => resolve(true);
          socket.onerror = () => resolve(false);
        }),
      `/desktop/${sessionId}/audio`,
    );
    expect(opened).toBe(false);
    expect(sockets.filter((url) => url.endsWith('/audio'))).toEqual([`wss://${E2E_HOSTNAME}:${E2E_HTTPS_PORT}/desktop/${sessionId}/audio`]);
    const cookie = await userCookie(admin, USER);
    const refusal = await https(`/desktop/${sessionId}/audio`, {
      cookie,
      origin: base,
      headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' },
    });
    expect(refusal.status).toBe(403);
    expect(refusal.json<{ code: string }>().code).toBe('audio_disabled');
  }, 60_000);
});
