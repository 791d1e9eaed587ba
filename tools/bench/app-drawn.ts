/**
 * Time until the application is drawn, for each workspace Atrium ships: what a person waits for, not the first
 * framebuffer update (a black screen). "Drawn" is the first full-screen frame, read from the workspace's X server
 * (Xvnc) in raw pixels, with at least two colours that each cover 0.01 % of the screen (the application's window with
 * content; the empty display is one colour). The same viewer and rule measure three paths side by side:
 *   floor   a bare `docker run` of the image (network none, the same shared memory), read on its own socket
 *   cold    POST /api/sessions of a copy of the workspace without egress, read through kasm_proxy and the agent
 *   staged  the same from a staging pool of one (a warm container, claimed and its password rotated)
 * and the idle memory of each workspace 10 s after it was drawn, and its image's size.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RfbViewer } from '@atrium/testing';
import { docker, percentile, type benchClient } from './bench-client';

type Client = Awaited<ReturnType<typeof benchClient>>;

export interface Shipped {
  name: string;
  image: string;
  cores: number;
  memoryMb: number;
  userNamespaces: boolean;
}

export interface DrawnFigures {
  name: string;
  floor: number[];
  cold: number[];
  staged: number[];
  idleMemoryMb: number[];
  imageMb: number;
}

const DRAWN_DEADLINE_MS = 60_000;

/** Reads full frames until the application is drawn; resolves with the time since `started`. */
async function untilDrawn(viewer: RfbViewer, password: string | undefined, started: number): Promise<number> {
  const init = await viewer.handshake(password);
  for (;;) {
    if ((await viewer.screenColours(init.width, init.height)) >= 2) return performance.now() - started;
    if (performance.now() - started > DRAWN_DEADLINE_MS) throw new Error('the application was not drawn within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function connectWhenListening(path: string): Promise<RfbViewer> {
  return new Promise((resolve) => {
    const attempt = () => {
      const socket = connect(path);
      socket.once('connect', () => resolve(new RfbViewer(socket)));
      socket.once('error', () => setTimeout(attempt, 10));
    };
    attempt();
  });
}

/**
 * The floor: `docker run` of the image until drawn. Chromium's sandbox needs the agent's seccomp profile; the floor
 * runs unconfined instead, which costs a start nothing.
 */
export async function floorOnce(workspace: Shipped): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'atrium-drawn-'));
  chmodSync(dir, 0o777);
  const started = performance.now();
  const seccomp = workspace.userNamespaces ? ['--security-opt', 'seccomp=unconfined'] : [];
  const id = docker(
    'run',
    '-d',
    '--rm',
    '--network',
    'none',
    '--shm-size',
    '256m',
    ...seccomp,
    '-v',
    `${dir}:/run/atrium/vnc`,
    '-e',
    'VNC_PASSWORD=bench-only',
    workspace.image,
  );
  try {
    const viewer = await connectWhenListening(join(dir, 'rfb.sock'));
    const ms = await untilDrawn(viewer, 'bench-only', started);
    viewer.close();
    return ms;
  } finally {
    docker('rm', '-f', id);
    rmSync(dir, { recursive: true, force: true });
  }
}

async function launchOnce(client: Client, workspaceId: string): Promise<{ ms: number; sessionId: string }> {
  const started = performance.now();
  const sessionId = await client.launch(workspaceId);
  const viewer = await client.openDesktop(sessionId);
  const ms = await untilDrawn(viewer, undefined, started);
  viewer.close();
  return { ms, sessionId };
}

/** Memory the session's container uses once its application settled, in MiB. */
async function idleMemoryMb(sessionId: string): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 10_000));
  const container = docker('ps', '-q', '--filter', `label=atrium.session=${sessionId}`);
  const usage = docker('stats', '--no-stream', '--format', '{{.MemUsage}}', container).split('/')[0]?.trim() ?? '0MiB';
  const value = Number.parseFloat(usage);
  return usage.endsWith('GiB') ? value * 1024 : usage.endsWith('KiB') ? value / 1024 : value;
}

export async function waitForStaged(workspaceId: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (docker('ps', '-q', '--filter', `label=atrium.workspace=${workspaceId}`).split('\n').filter(Boolean).length !== 1) {
    if (Date.now() > deadline) throw new Error('the staging pool did not refill within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  // A staged container is ready once it answers; give its application the time it takes to draw, as a pool has.
  await new Promise((resolve) => setTimeout(resolve, 8_000));
}

/** Floor, cold and staged, `launches` times each, for one shipped workspace. */
async function figuresOf(client: Client, workspace: Shipped, launches: number): Promise<DrawnFigures> {
  const size = { image: workspace.image, cores: workspace.cores, memoryMb: workspace.memoryMb, userNamespaces: workspace.userNamespaces, egress: 'none' };
  const cold = await client.ensureWorkspace({ name: `bench-drawn-${workspace.name}`, ...size });
  const pooled = await client.ensureWorkspace({ name: `bench-drawn-${workspace.name}-pooled`, ...size });
  const figures: DrawnFigures = { name: workspace.name, floor: [], cold: [], staged: [], idleMemoryMb: [], imageMb: 0 };
  figures.imageMb = Number(docker('image', 'inspect', '-f', '{{.Size}}', workspace.image)) / 1024 / 1024;
  for (let i = 0; i < launches; i++) {
    figures.floor.push(await floorOnce(workspace).catch((error: Error) => Promise.reject(new Error(`floor: ${error.message}`))));
    const run = await launchOnce(client, cold).catch((error: Error) => Promise.reject(new Error(`cold: ${error.message}`)));
    figures.cold.push(run.ms);
    if (i === 0) figures.idleMemoryMb.push(await idleMemoryMb(run.sessionId));
    await client.api(`/api/sessions/${run.sessionId}`, { method: 'DELETE' });
  }
  await client.api(`/api/workspaces/${pooled}`, { method: 'PATCH', body: { stagingSize: 1 } });
  try {
    for (let i = 0; i < launches; i++) {
      await waitForStaged(pooled);
      const run = await launchOnce(client, pooled).catch((error: Error) => Promise.reject(new Error(`staged: ${error.message}`)));
      figures.staged.push(run.ms);
      await client.api(`/api/sessions/${run.sessionId}`, { method: 'DELETE' });
    }
  } finally {
    await client.api(`/api/workspaces/${pooled}`, { method: 'PATCH', body: { stagingSize: 0 } });
  }
  return figures;
}

/** Every enabled workspace Atrium ships, as the catalogue describes it (`--workspaces a,b`: only those). */
/** The shipped workspaces: `names`, or those named by `--workspaces a,b`, or all. */
export async function shippedWorkspaces(client: Client, names?: string[]): Promise<Shipped[]> {
  const catalogue = JSON.parse((await client.api('/api/workspaces')).body) as (Shipped & { enabled: boolean })[];
  const at = process.argv.indexOf('--workspaces');
  const only = names ? new Set(names) : at > 0 ? new Set((process.argv[at + 1] ?? '').split(',')) : undefined;
  return catalogue.filter(
    (workspace) =>
      workspace.enabled && /^atrium\/workspace-/.test(workspace.image) && !workspace.name.startsWith('bench-') && (!only || only.has(workspace.name)),
  );
}

export async function appDrawnFigures(client: Client, launches: number): Promise<DrawnFigures[]> {
  const figures: DrawnFigures[] = [];
  for (const workspace of await shippedWorkspaces(client)) {
    figures.push(await figuresOf(client, workspace, launches).catch((error: Error) => Promise.reject(new Error(`${workspace.name}: ${error.message}`))));
  }
  return figures;
}

const ms = (values: number[], p: number) => `${percentile(values, p).toFixed(0)} ms`;

export function printAppDrawn(all: DrawnFigures[], launches: number): void {
  console.log(`time until the application is drawn, ${launches} launches each (${new Date().toISOString()})`);
  console.log('  workspace   floor p50/p95        cold p50/p95         cold/floor  staged p50/p95      idle memory  image');
  for (const figures of all) {
    const ratio = percentile(figures.cold, 50) / percentile(figures.floor, 50);
    console.log(
      `  ${figures.name.padEnd(10)}  ${ms(figures.floor, 50)} / ${ms(figures.floor, 95)}`.padEnd(35) +
        `${ms(figures.cold, 50)} / ${ms(figures.cold, 95)}`.padEnd(21) +
        `${ratio.toFixed(2)}`.padEnd(12) +
        `${ms(figures.staged, 50)} / ${ms(figures.staged, 95)}`.padEnd(20) +
        `${percentile(figures.idleMemoryMb, 50).toFixed(0)} MiB`.padEnd(13) +
        `${figures.imageMb.toFixed(0)} MB`,
    );
  }
  console.log('  targets: cold p50 <= 1.5 x floor; staged p50 <= 500 ms');
}
