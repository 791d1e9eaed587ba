/**
 * How many idle terminal sessions this host holds, each with a viewer connected through kasm_proxy and the
 * agent that keeps asking for incremental updates as noVNC does: sessions are added in steps until `--max` or the first failure; at each step it prints launch
 * p50/p95 of that step, memory per session, of the roles and of the agent among them (docker stats), and the control plane's API
 * latency under a bounded load (the live-session list and a session's status, `--requests` calls, 4 at a time,
 * each on a new TLS connection).
 * Run as root on a running RA1 host (`npm run up`). Usage: npm run bench:density [-- --max 40 --steps 1,10,20,30,40]
 */
import { execFileSync } from 'node:child_process';
import type { RfbViewer } from '@atrium/testing';
import { benchClient, percentile } from './bench-client';

const args = new Map(process.argv.slice(2).map((arg, i, all) => [arg, all[i + 1]]));
const MAX = Number(args.get('--max') ?? 40);
const STEPS = (args.get('--steps') ?? '1,10,20,30,40')
  .split(',')
  .map(Number)
  .filter((step) => step <= MAX);
const REQUESTS = Number(args.get('--requests') ?? 200);
const WORKSPACE = { name: 'density-terminal', image: 'atrium/workspace-terminal:dev', cores: 0.1, memoryMb: 384, egress: 'none' };

const mib = (usage: string) => parseFloat(usage) * (/GiB/.test(usage) ? 1024 : /KiB/.test(usage) ? 1 / 1024 : /MiB/.test(usage) ? 1 : 1 / 1024 / 1024);

/** Memory of session containers (by label), of the roles (by compose project) and of the agent, from one `docker stats`. */
function memory(project: string): { perSession: number; roles: number; agent: number } {
  const lines = execFileSync('docker', ['stats', '--no-stream', '--format', '{{.ID}} {{.MemUsage}}'], { encoding: 'utf8' }).trim().split('\n');
  const ids = (filter: string) => new Set(execFileSync('docker', ['ps', '-q', '--filter', filter], { encoding: 'utf8' }).trim().split('\n').filter(Boolean));
  const sessions = ids('label=atrium.session');
  const roles = ids(`label=com.docker.compose.project=${project}`);
  const agents = ids(`label=com.docker.compose.service=agent`);
  let sessionTotal = 0;
  let roleTotal = 0;
  let agentTotal = 0;
  for (const line of lines) {
    const [id = '', usage = ''] = line.split(' ');
    if (sessions.has(id)) sessionTotal += mib(usage);
    if (roles.has(id)) roleTotal += mib(usage);
    if (roles.has(id) && agents.has(id)) agentTotal += mib(usage);
  }
  return { perSession: sessions.size ? sessionTotal / sessions.size : 0, roles: roleTotal, agent: agentTotal };
}

/** As noVNC does: an incremental update request after each update, until the viewer is closed. */
async function keepReceiving(viewer: RfbViewer, width: number, height: number): Promise<void> {
  try {
    for (;;) {
      viewer.requestUpdate(width, height, true);
      await viewer.readUpdate();
    }
  } catch {
    // closed at the end of the run
  }
}

async function apiLatency(client: Awaited<ReturnType<typeof benchClient>>, sessionIds: string[]): Promise<number[]> {
  const times: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < REQUESTS) {
      const index = next++;
      // What the portal polls: the live sessions (the administrator's Live sessions page) and one session's status.
      const path = index % 2 === 0 ? '/api/sessions?live=true' : `/api/sessions/${sessionIds[index % sessionIds.length]}`;
      const started = performance.now();
      const answer = await client.api(path);
      if (answer.status !== 200) throw new Error(`${path} answered ${answer.status}`);
      times.push(performance.now() - started);
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return times;
}

async function main(): Promise<void> {
  const client = await benchClient();
  const workspaceId = await client.ensureWorkspace(WORKSPACE);
  // The administrator launches them all: a group lifts the per-user session limit for the run.
  const groupId = await client.ensureGroup('bench-density', { max_kasms_per_user: 100 });
  const sessions: string[] = [];
  const viewers: RfbViewer[] = [];
  console.log(
    `density, terminal sessions of ${WORKSPACE.memoryMb} MiB / ${WORKSPACE.cores} core each, a viewer on each asking for updates as noVNC does (${new Date().toISOString()})`,
  );
  console.log('  sessions  launch p50  launch p95  MiB/session  roles MiB  agent MiB  API p50  API p99');
  try {
    for (const step of STEPS) {
      const launches: number[] = [];
      while (sessions.length < step) {
        const started = performance.now();
        const session = await client.launch(workspaceId);
        launches.push(performance.now() - started);
        sessions.push(session);
        const viewer = await client.openDesktop(session);
        const init = await viewer.handshake();
        viewer.requestUpdate(init.width, init.height, false);
        await viewer.readUpdate();
        viewers.push(viewer);
        void keepReceiving(viewer, init.width, init.height);
      }
      await new Promise((resolve) => setTimeout(resolve, 3000)); // let the new desktops settle
      const used = memory(client.project);
      const api = await apiLatency(client, sessions);
      const ms = (value: number) => `${value.toFixed(0)} ms`.padStart(10);
      console.log(
        `  ${String(step).padStart(8)}${ms(percentile(launches, 50))}  ${ms(percentile(launches, 95))}  ${used.perSession.toFixed(1).padStart(11)}  ${used.roles.toFixed(0).padStart(9)}  ${used.agent.toFixed(0).padStart(9)}  ${ms(percentile(api, 50)).trim().padStart(7)}  ${ms(percentile(api, 99)).trim().padStart(7)}`,
      );
    }
  } catch (error) {
    console.log(`  stopped at ${sessions.length} sessions: ${(error as Error).message}`);
  } finally {
    for (const viewer of viewers) viewer.close();
    for (const id of sessions) await client.api(`/api/sessions/${id}`, { method: 'DELETE' });
    await client.api(`/api/groups/${groupId}/members`, { method: 'PUT', body: { userIds: [] } });
  }
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${(error as Error).message}`);
  process.exit(1);
});
