/**
 * A container session's sound as a person hears it: Chromium through the portal (the published port), the viewer
 * playing, and bursts of a 440 Hz tone played inside the workspace with `pacat`. For each burst, the time from the
 * moment pacat starts (stamped inside the workspace, the same clock) until the page's speakers carry the tone (an
 * AnalyserNode after the viewer's volume, read every 2 ms, RMS over 10.7 ms), against the floor: the same burst read
 * raw from the sound server by `parec` on this host (no encoding, no network, no jitter buffer). Also the stream's
 * bitrate on the wire, counted in the page, while the tone plays and while the session is silent.
 * Usage: `npm run bench:sound [-- --bursts 10]` after `npm run up` (as root).
 */
import { execFile, execFileSync, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { chromium, type Page } from 'playwright-core';
import { benchClient, docker, percentile } from './bench-client';

const argument = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const BURSTS = argument('bursts', 10);
const execFileAsync = promisify(execFile);
const RATE = 48_000;
const BURST_SECONDS = 0.4;
/** RMS above this (of full scale) is the tone; the silent session is exactly 0. */
const HEARD_RMS = 0.05;

/** 0.4 s of a 440 Hz sine at half scale, s16le mono: what each burst plays. */
function toneBytes(): Buffer {
  const samples = Math.round(RATE * BURST_SECONDS);
  const pcm = Buffer.alloc(samples * 2);
  for (let index = 0; index < samples; index++) pcm.writeInt16LE(Math.round(Math.sin((2 * Math.PI * 440 * index) / RATE) * 16_000), index * 2);
  return pcm;
}

/** Installed before the portal's scripts: an analyser on whatever the page plays. */
const PAGE_PROBES = `
  window.__probe = { analyser: null, heardAt: 0, armed: false };
  const connect = AudioNode.prototype.connect;
  AudioNode.prototype.connect = function (destination, ...rest) {
    if (destination instanceof AudioDestinationNode) {
      const analyser = new AnalyserNode(this.context, { fftSize: 512 });
      connect.call(this, analyser);
      window.__probe.analyser = analyser;
      const samples = new Float32Array(512);
      setInterval(() => {
        if (!window.__probe.armed) return;
        analyser.getFloatTimeDomainData(samples);
        let sum = 0;
        for (const value of samples) sum += value * value;
        if (Math.sqrt(sum / samples.length) > ${HEARD_RMS}) {
          window.__probe.heardAt = performance.timeOrigin + performance.now();
          window.__probe.armed = false;
        }
      }, 2);
    }
    return connect.call(this, destination, ...rest);
  };`;

type Probe = { analyser: unknown; heardAt: number; armed: boolean };
const probe = (page: Page) => page.evaluate(() => (globalThis as unknown as { __probe: Probe }).__probe);

/**
 * Plays one burst in the workspace; answers the epoch ms at which pacat started, stamped inside the workspace.
 * Asynchronous, so the floor's listener in this process reads while the burst plays.
 */
async function playBurst(container: string): Promise<number> {
  const { stdout } = await execFileAsync('docker', [
    'exec',
    container,
    'sh',
    '-c',
    'date +%s%3N; exec pacat --raw --format=s16le --rate=48000 --channels=1 --latency-msec=10 /tmp/bench-tone.raw',
  ]);
  return Number(stdout.trim().split('\n')[0]);
}

/** The floor: parec on this host, reading the sound server raw; resolves each burst's onset as epoch ms. */
function rawListener(container: string) {
  const child = spawn('docker', [
    'exec',
    container,
    'parec',
    '--raw',
    '--format=s16le',
    '--rate=48000',
    '--channels=2',
    '--latency-msec=10',
    '--device=atrium_out.monitor',
  ]);
  let armed: ((at: number) => void) | undefined;
  child.stdout.on('data', (chunk: Buffer) => {
    if (!armed) return;
    for (let offset = 0; offset + 1 < chunk.length; offset += 2) {
      if (Math.abs(chunk.readInt16LE(offset)) > HEARD_RMS * 32_768 * 1.4) {
        const resolve = armed;
        armed = undefined;
        return resolve(Date.now());
      }
    }
  });
  return {
    next: () => new Promise<number>((resolve) => (armed = resolve)),
    stop: () => child.kill(),
  };
}

async function main(): Promise<void> {
  const client = await benchClient();
  const host = process.env['ATRIUM_HOSTNAME'] ?? 'localhost';
  const port = Number(process.env['ATRIUM_HTTPS_PORT'] ?? 443);
  const origin = `https://${host}${port === 443 ? '' : `:${port}`}`;
  await client.ensureGroup('bench-sound', { allow_kasm_audio: true });
  const workspaceId = await client.ensureWorkspace({ name: 'bench-sound', image: 'atrium/workspace-terminal:dev', cores: 0.5, memoryMb: 512, egress: 'none' });
  const sessionId = await client.launch(workspaceId);
  const container = docker('ps', '-q', '--filter', `label=atrium.session=${sessionId}`);
  execFileSync('docker', ['exec', '-i', container, 'sh', '-c', 'cat > /tmp/bench-tone.raw'], { input: toneBytes() });

  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const atrium: number[] = [];
  const floor: number[] = [];
  let silentRate = 0;
  let toneRate = 0;
  let soundBytes = 0;
  try {
    const page = await (await browser.newContext({ ignoreHTTPSErrors: true })).newPage();
    await page.addInitScript(PAGE_PROBES);
    // The sound stream's bytes on the wire, as the browser's network layer reports its frames.
    page.on('websocket', (socket) => {
      if (socket.url().endsWith('/audio'))
        socket.on('framereceived', ({ payload }) => (soundBytes += typeof payload === 'string' ? payload.length : payload.length));
    });
    await page.goto(`${origin}/sign-in`);
    await page.fill('input[name=username]', 'admin');
    await page.fill('input[name=password]', docker('exec', client.serviceContainer('webapp'), 'cat', '/var/lib/atrium/initial-admin-password'));
    await page.click('button[type=submit]');
    await page.getByRole('heading', { name: 'Launcher' }).waitFor({ timeout: 15_000 });
    await page.goto(`${origin}/desktop/${sessionId}/`);
    await page
      .locator('#status', { hasText: 'connected' })
      .waitFor({ state: 'attached', timeout: 30_000 })
      .catch(async (error: Error) => {
        await page.screenshot({ path: 'tmp/screenshots/sound-bench-failed.png' });
        throw error;
      });
    await page.locator('#screen').click();
    for (let waited = 0; !(await probe(page)).analyser && waited < 100; waited++) await page.waitForTimeout(100);

    const before = soundBytes;
    await page.waitForTimeout(3000);
    silentRate = (soundBytes - before) / 3;

    for (let burst = 0; burst < BURSTS; burst++) {
      await page.evaluate(() => Object.assign((globalThis as unknown as { __probe: Probe }).__probe, { armed: true, heardAt: 0 }));
      const bytesBefore = soundBytes;
      const started = await playBurst(container);
      await page.waitForTimeout(300);
      const { heardAt } = await probe(page);
      if (heardAt) atrium.push(heardAt - started);
      toneRate = Math.max(toneRate, (soundBytes - bytesBefore) / (BURST_SECONDS + 0.3));
      await page.waitForTimeout(400);
    }

    const listener = rawListener(container);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    for (let burst = 0; burst < BURSTS; burst++) {
      const heard = listener.next();
      const started = await playBurst(container);
      floor.push((await heard) - started);
      await new Promise((resolve) => setTimeout(resolve, 400));
    }
    listener.stop();
  } finally {
    await browser.close();
    await client.api(`/api/sessions/${sessionId}`, { method: 'DELETE' });
  }
  const line = (label: string, values: number[], base?: number[]) =>
    `${label.padEnd(52)} p50 ${percentile(values, 50).toFixed(0).padStart(4)} ms  p95 ${percentile(values, 95).toFixed(0).padStart(4)} ms` +
    (base ? `  ${(percentile(values, 50) / percentile(base, 50)).toFixed(2)}x floor` : '');
  console.log(`\nSound of a container session, ${BURSTS} bursts of 440 Hz, ${new Date().toISOString()}`);
  console.log(line('floor: pacat start to the tone read raw by parec', floor));
  console.log(line('Atrium: pacat start to the tone in the page’s speakers', atrium, floor));
  console.log(`heard ${atrium.length} of ${BURSTS} bursts in the page`);
  console.log(`sound stream on the wire: ${((toneRate * 8) / 1000).toFixed(0)} kbit/s with the tone, ${((silentRate * 8) / 1000).toFixed(1)} kbit/s silent`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
