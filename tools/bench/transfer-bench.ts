/**
 * File transfers between a client and a container workspace through kasm_proxy and the agent: throughput of each
 * file (MB/s, p50/p95) uploaded and downloaded, against the floor of the same bytes piped straight into and out of
 * the workspace with `docker exec` (no TLS, no nginx, no agent), and the agent's resident memory sampled every
 * 100 ms during the whole transfer, which must stay flat: every byte streams, nothing is held whole.
 * Usage: `npm run bench:transfer [-- --total-mb 1024 --file-mb 200]` after `npm run up` (as root: it reads /proc).
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { Readable } from 'node:stream';
import { benchClient, docker, percentile } from './bench-client';

const argument = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const TOTAL_MB = argument('total-mb', 1024);
const FILE_MB = argument('file-mb', 200);
const MiB = 1024 * 1024;

/** `mb` MiB of pseudo-random bytes (one random MiB repeated: incompressible for TLS, cheap to make). */
function payload(mb: number): Readable {
  const block = randomBytes(MiB);
  let left = mb;
  return new Readable({
    read() {
      this.push(left-- > 0 ? block : null);
    },
  });
}

const rssMb = (pid: string) => Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/)?.[1] ?? 0) / 1024;
const childrenOf = (pid: string) => readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean);

/** Resident memory (MiB) of a container's processes (its init and the role's node under it), read from /proc on the host. */
function residentMb(container: string): number {
  const init = docker('inspect', '-f', '{{.State.Pid}}', container);
  return [init, ...childrenOf(init)].reduce((total, pid) => total + rssMb(pid), 0);
}

function sampleMemory(container: string) {
  const samples: number[] = [];
  const timer = setInterval(() => samples.push(residentMb(container)), 100);
  return { stop: () => (clearInterval(timer), samples) };
}

type Client = Awaited<ReturnType<typeof benchClient>>;

/** Seconds to PUT `mb` MiB as `name`. */
function upload(client: Client, sessionId: string, name: string, mb: number): Promise<number> {
  const options = client.requestOptions(`/desktop/${sessionId}/files/uploads/${name}`, 'PUT');
  options.headers['content-length'] = String(mb * MiB);
  options.headers['content-type'] = 'application/octet-stream';
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(options, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 201 ? resolve((performance.now() - started) / 1000) : reject(new Error(`upload answered ${res.statusCode}`))));
    });
    req.on('error', reject);
    payload(mb).pipe(req);
  });
}

/** Seconds to GET `name` whole from ~/Downloads. */
function download(client: Client, sessionId: string, name: string, bytes: number): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    request(client.requestOptions(`/desktop/${sessionId}/files/downloads/${name}`), (res) => {
      let received = 0;
      res.on('data', (chunk: Buffer) => (received += chunk.length));
      res.on('end', () =>
        received === bytes
          ? resolve((performance.now() - started) / 1000)
          : reject(new Error(`download got ${received} of ${bytes} bytes (${res.statusCode})`)),
      );
    })
      .on('error', reject)
      .end();
  });
}

/** The floor: the same bytes through `docker exec` into and out of the workspace, as the workspace user. */
function floorSeconds(container: string, direction: 'in' | 'out', mb: number): Promise<number> {
  const started = performance.now();
  const command = direction === 'in' ? 'cat > ~/floor.bin' : 'cat ~/floor.bin';
  const child = spawn('docker', ['exec', '-i', container, 'sh', '-c', command], { stdio: ['pipe', 'pipe', 'inherit'] });
  if (direction === 'in') payload(mb).pipe(child.stdin);
  else child.stdin.end();
  child.stdout.resume();
  return new Promise((resolve, reject) =>
    child.on('exit', (code) => (code === 0 ? resolve((performance.now() - started) / 1000) : reject(new Error(`docker exec exited ${code}`)))),
  );
}

const rate = (mb: number, seconds: number[]) => seconds.map((s) => mb / s);
const row = (label: string, rates: number[], floor?: number[]) => {
  const p50 = percentile(rates, 50);
  const ratio = floor ? ` ${(p50 / percentile(floor, 50)).toFixed(2)}x floor` : '';
  return `${label.padEnd(26)} p50 ${p50.toFixed(0).padStart(4)} MB/s  p95(slowest) ${percentile(rates, 5).toFixed(0).padStart(4)} MB/s${ratio}`;
};

async function main(): Promise<void> {
  const client = await benchClient();
  const workspace = await client.api('/api/workspaces', {
    method: 'POST',
    body: { name: `bench-transfer-${Date.now()}`, image: 'atrium/workspace-terminal:dev', memoryMb: 2048, cores: 1, egress: 'none', persistentProfile: false },
  });
  const workspaceId = (JSON.parse(workspace.body) as { id: string }).id;
  const sessionId = await client.launch(workspaceId);
  const container = docker('ps', '-q', '--filter', `label=atrium.session=${sessionId}`);
  const agent = client.serviceContainer('agent');
  const rounds = Math.max(1, Math.round(TOTAL_MB / FILE_MB / 2));
  const idleMb = residentMb(agent);
  const up: number[] = [];
  const down: number[] = [];
  const floorIn: number[] = [];
  const floorOut: number[] = [];
  const memory = sampleMemory(agent);
  try {
    for (let round = 0; round < rounds; round++) {
      up.push(await upload(client, sessionId, `bench-${round}.bin`, FILE_MB));
      execFileSync('docker', ['exec', container, 'sh', '-c', `mv ~/Uploads/bench-${round}.bin ~/Downloads/bench.bin`]);
      down.push(await download(client, sessionId, 'bench.bin', FILE_MB * MiB));
      execFileSync('docker', ['exec', container, 'rm', '-f', '/home/user/Downloads/bench.bin']);
      floorIn.push(await floorSeconds(container, 'in', FILE_MB));
      floorOut.push(await floorSeconds(container, 'out', FILE_MB));
      execFileSync('docker', ['exec', container, 'rm', '-f', '/home/user/floor.bin']);
    }
  } finally {
    const samples = memory.stop();
    await client.api(`/api/sessions/${sessionId}`, { method: 'DELETE' });
    await client.api(`/api/workspaces/${workspaceId}`, { method: 'DELETE' });
    const moved = rounds * FILE_MB * 2;
    console.log(`\nFile transfers, ${rounds} x ${FILE_MB} MiB each way (${moved} MiB through the agent), ${new Date().toISOString()}`);
    console.log(row('upload (Atrium)', rate(FILE_MB, up), rate(FILE_MB, floorIn)));
    console.log(row('floor: docker exec in', rate(FILE_MB, floorIn)));
    console.log(row('download (Atrium)', rate(FILE_MB, down), rate(FILE_MB, floorOut)));
    console.log(row('floor: docker exec out', rate(FILE_MB, floorOut)));
    if (samples.length) {
      console.log(
        `agent resident memory: idle ${idleMb.toFixed(0)} MiB; during ${samples.length} samples p50 ${percentile(samples, 50).toFixed(0)} MiB, max ${Math.max(...samples).toFixed(0)} MiB (growth ${(Math.max(...samples) - idleMb).toFixed(0)} MiB for ${moved} MiB moved)`,
      );
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
