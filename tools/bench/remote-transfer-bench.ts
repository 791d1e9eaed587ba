/**
 * File transfers with a remote system through the connection proxy and guacd: 1 GiB uploaded into an RDP session's
 * drive and a file downloaded back, as guamole-common-js moves them (6048-byte blobs; uploads pipelined up to a
 * window of acknowledgements, downloads one blob per acknowledgement, which is guacd's protocol), with the
 * resident memory of the connection proxy and of guacd sampled every 100 ms. Floor: the same bytes written into
 * and read from the drive folder with `docker exec` (no TLS, no nginx, no proxy, no guacd).
 * Usage: `npm run bench:remote-transfer [-- --upload-mb 1024 --download-mb 128]` after `npm run up` (as root: it
 * reads /proc; it starts an xrdp target on the stack's targets network and removes it).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';
import { encodeInstruction, InstructionReader } from '../../apps/connection-proxy/src/guac/instructions';
import { benchClient, docker, percentile } from './bench-client';

const argument = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const UPLOAD_MB = argument('upload-mb', 1024);
const DOWNLOAD_MB = argument('download-mb', 128);
const MiB = 1024 * 1024;
const BLOB = 6048;
const WINDOW = 64;

/** A process that ended between the listing and the read counts nothing (guacd forks one per connection). */
const rssMb = (pid: string) => {
  try {
    return Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
};
/** Resident memory (MiB) of every process of a container, read from /proc on the host. */
const residentMb = (container: string) =>
  docker('top', container, '-eo', 'pid')
    .split('\n')
    .slice(1)
    .reduce((total, pid) => total + rssMb(pid.trim()), 0);

function sampleMemory(containers: Record<string, string>) {
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(containers).map((name) => [name, []]));
  const timer = setInterval(() => Object.entries(containers).forEach(([name, id]) => samples[name]?.push(residentMb(id))), 100);
  return { stop: () => (clearInterval(timer), samples) };
}

/** A Guacamole connection as guacamole-common-js holds one: instructions in, instructions out. */
class GuacConnection {
  private readonly reader = new InstructionReader(16 * MiB);
  private readonly listeners = new Set<(elements: string[]) => void>();

  constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => this.reader.push(String(data)).forEach(({ elements }) => this.listeners.forEach((listener) => listener(elements))));
  }

  send(...elements: string[]): void {
    this.ws.send(encodeInstruction(...elements));
  }

  on(listener: (elements: string[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  next(match: (elements: string[]) => boolean, timeoutMs = 30_000): Promise<string[]> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => (stop(), reject(new Error('no answer from guacd'))), timeoutMs);
      const stop = this.on((elements) => {
        if (!match(elements)) return;
        clearTimeout(timer);
        stop();
        resolve(elements);
      });
    });
  }
}

/** Seconds to put `mb` MiB at `path`, keeping at most WINDOW blobs unacknowledged. */
async function upload(guac: GuacConnection, object: string, path: string, mb: number): Promise<number> {
  const started = performance.now();
  const accepted = guac.next(([opcode, stream]) => opcode === 'ack' && stream === '1');
  guac.send('put', object, '1', 'application/octet-stream', path);
  const [, , message, status] = await accepted;
  if (status !== '0') throw new Error(`upload refused: ${message}`);
  const bytes = randomBytes(BLOB);
  const blob = bytes.toString('base64');
  const blobs = Math.ceil((mb * MiB) / BLOB);
  // The last blob carries only what is left: the file is exactly `mb` MiB.
  const last = bytes.subarray(0, mb * MiB - (blobs - 1) * BLOB).toString('base64');
  let sent = 0;
  let acked = 0;
  await new Promise<void>((resolve, reject) => {
    const pump = () => {
      while (sent < blobs && sent - acked < WINDOW) {
        sent += 1;
        guac.send('blob', '1', sent === blobs ? last : blob);
      }
    };
    const stop = guac.on(([opcode, stream, text, code]) => {
      if (opcode !== 'ack' || stream !== '1') return;
      if (code !== '0') return (stop(), reject(new Error(`upload stopped: ${text}`)));
      acked += 1;
      if (acked >= blobs) return (stop(), resolve());
      pump();
    });
    pump();
  });
  guac.send('end', '1');
  return (performance.now() - started) / 1000;
}

/** Seconds to get `path` whole, acknowledging each blob as guacamole-common-js does. */
async function download(guac: GuacConnection, object: string, path: string, bytes: number): Promise<number> {
  const started = performance.now();
  const body = guac.next(([opcode, , , , name]) => opcode === 'body' && name === path);
  guac.send('get', object, path);
  const [, , stream = ''] = await body;
  let received = 0;
  await new Promise<void>((resolve, reject) => {
    const stop = guac.on(([opcode, index, data = '']) => {
      if (index !== stream) return;
      if (opcode === 'blob') {
        received += Buffer.from(data, 'base64').length;
        guac.send('ack', stream, 'OK', '0');
      } else if (opcode === 'end') {
        stop();
        if (received === bytes) resolve();
        else reject(new Error(`download got ${received} of ${bytes} bytes`));
      } else if (opcode === 'atrium-refused') {
        stop();
        reject(new Error(`download refused: ${data}`));
      }
    });
    guac.send('ack', stream, 'OK', '0');
  });
  return (performance.now() - started) / 1000;
}

/** The floor: the same bytes into and out of the drive folder through `docker exec`. */
function floorSeconds(guacd: string, direction: 'in' | 'out', path: string, mb: number): Promise<number> {
  const started = performance.now();
  const child = spawn('docker', ['exec', '-i', guacd, 'sh', '-c', direction === 'in' ? `cat > ${path}` : `cat ${path}`], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  if (direction === 'in') {
    const block = randomBytes(MiB);
    let left = mb;
    const write = () => {
      while (left > 0) {
        left -= 1;
        if (!child.stdin.write(block)) return void child.stdin.once('drain', write);
      }
      child.stdin.end();
    };
    write();
  } else child.stdin.end();
  child.stdout.resume();
  return new Promise((resolve, reject) =>
    child.on('exit', (code) => (code === 0 ? resolve((performance.now() - started) / 1000) : reject(new Error(`docker exec exited ${code}`)))),
  );
}

const summary = (name: string, idle: number, samples: number[], moved: number) =>
  `${name} resident memory: idle ${idle.toFixed(0)} MiB; during ${samples.length} samples p50 ${percentile(samples, 50).toFixed(0)} MiB, max ${Math.max(...samples).toFixed(0)} MiB (growth ${(Math.max(...samples) - idle).toFixed(0)} MiB for ${moved} MiB moved)`;

async function main(): Promise<void> {
  const client = await benchClient();
  const password = randomBytes(12).toString('base64url');
  const targetName = `bench-rdp-${Date.now()}`;
  docker(
    'run',
    '-d',
    '--rm',
    '--name',
    targetName,
    '--network',
    `${client.project}_targets`,
    '--label',
    'atrium.test=target',
    '-e',
    `TARGET_PASSWORD=${password}`,
    'atrium/target-rdp:dev',
  );
  const guacd = client.serviceContainer('guacd');
  const proxy = client.serviceContainer('connection_proxy');
  let sessionId = '';
  let serverId = '';
  try {
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await client.ensureGroup('bench-remote-files', { allow_kasm_uploads: true, allow_kasm_downloads: true });
    const server = await client.api('/api/servers', {
      method: 'POST',
      body: {
        name: targetName,
        protocol: 'rdp',
        hostname: targetName,
        port: 3389,
        credentials: { mode: 'static', username: 'atrium', password },
        settings: { rdpSecurity: 'tls', rdpIgnoreCertificate: true },
      },
    });
    serverId = (JSON.parse(server.body) as { id: string }).id;
    const launched = JSON.parse((await client.api('/api/sessions', { method: 'POST', body: { serverId } })).body) as { id: string; connectUrl: string };
    sessionId = launched.id;
    const options = client.requestOptions('/');
    const ws = new WebSocket(`wss://${options.host}:${options.port}${launched.connectUrl}`, {
      ca: client.ca,
      servername: options.servername,
      headers: { cookie: options.headers['cookie'] ?? '', host: options.headers['host'] ?? '' },
      origin: options.headers['origin'],
      perMessageDeflate: false,
    } as WebSocket.ClientOptions & { servername: string });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const guac = new GuacConnection(ws);
    const [, object = ''] = await guac.next(([opcode]) => opcode === 'filesystem');
    const idle = { proxy: residentMb(proxy), guacd: residentMb(guacd) };
    const memory = sampleMemory({ proxy, guacd });
    const up = await upload(guac, object, '/bench-up.bin', UPLOAD_MB);
    docker('exec', guacd, 'sh', '-c', `head -c ${DOWNLOAD_MB * MiB} /drives/${sessionId}/bench-up.bin > /drives/${sessionId}/bench-down.bin`);
    const down = await download(guac, object, '/bench-down.bin', DOWNLOAD_MB * MiB);
    const samples = memory.stop();
    ws.close();
    const floorIn = await floorSeconds(guacd, 'in', `/drives/${sessionId}/floor.bin`, UPLOAD_MB);
    const floorOut = await floorSeconds(guacd, 'out', `/drives/${sessionId}/bench-down.bin`, DOWNLOAD_MB);
    const line = (label: string, mb: number, seconds: number, floor: number) =>
      `${label.padEnd(30)} ${(mb / seconds).toFixed(1).padStart(7)} MB/s  (${mb} MiB in ${seconds.toFixed(1)} s; ${(mb / seconds / (mb / floor)).toFixed(3)}x floor ${(mb / floor).toFixed(0)} MB/s)`;
    console.log(`\nRemote-system files (RDP drive through the connection proxy and guacd 1.3.0), ${new Date().toISOString()}`);
    console.log(line('upload (Atrium, window 64)', UPLOAD_MB, up, floorIn));
    console.log(line('download (ack per blob)', DOWNLOAD_MB, down, floorOut));
    console.log(summary('connection proxy', idle.proxy, samples['proxy'] ?? [], UPLOAD_MB + DOWNLOAD_MB));
    console.log(summary('guacd', idle.guacd, samples['guacd'] ?? [], UPLOAD_MB + DOWNLOAD_MB));
  } finally {
    if (sessionId) await client.api(`/api/sessions/${sessionId}`, { method: 'DELETE' });
    if (serverId) await client.api(`/api/servers/${serverId}`, { method: 'DELETE' });
    docker('rm', '-f', targetName);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
