import { execFileSync } from 'node:child_process';
import { https } from './stack';

export type SessionView = { id: string; userId: string; state: string; connectUrl: string | null; errorMessage: string | null };

const docker = (args: string[]) => execFileSync('docker', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

/** Launches a workspace from the catalog by name, as the cookie's user; throws unless it runs. */
export async function launchWorkspace(cookie: string, name = 'terminal'): Promise<SessionView> {
  const catalog = (await https('/api/workspaces', { cookie })).json<{ id: string; name: string }[]>();
  const workspace = catalog.find((entry) => entry.name === name);
  if (!workspace) throw new Error(`no workspace ${name}`);
  const response = await https('/api/sessions', { method: 'POST', cookie, body: { workspaceId: workspace.id } });
  const session = response.json<SessionView>();
  if (session.state !== 'running') throw new Error(`launch answered ${response.status}: ${response.body}`);
  return session;
}

/**
 * A small workspace for a suite (the terminal image, a quarter of a core's share, 512 MiB); with a
 * profile size, each user's home is kept between sessions.
 */
export async function smallWorkspace(adminCookie: string, name: string, egress: 'none' | 'internet' = 'internet', profileSizeMb?: number): Promise<string> {
  const profile = profileSizeMb ? { persistentProfile: true, profileSizeMb } : {};
  const body = { name, image: 'atrium/workspace-terminal:dev', cores: 0.25, memoryMb: 512, egress, ...profile };
  const response = await https('/api/workspaces', { method: 'POST', cookie: adminCookie, body });
  if (response.status !== 201 && response.status !== 409) throw new Error(`creating workspace ${name} answered ${response.status}: ${response.body}`);
  return name;
}

/** The container of a session, or '' when there is none. */
export const sessionContainer = (sessionId: string) => docker(['ps', '-aq', '--filter', `label=atrium.session=${sessionId}`]);

/** Runs a command in a container as its own user (the workspace user, for a workspace). */
export const execIn = (container: string, command: string[]) => docker(['exec', container, ...command]);

/** Whether a TCP connection from inside `container` to host:port succeeds within 2 s (a local peer answers in milliseconds). */
export function tcpConnects(container: string, host: string, port: number): boolean {
  try {
    execFileSync('docker', ['exec', container, 'timeout', '2', 'bash', '-c', 'exec 3<>"/dev/tcp/$0/$1"', host, String(port)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Every address a container has, on every network it is on. */
export const addressesOf = (container: string): string[] =>
  docker(['inspect', '-f', '{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}', container]).split(/\s+/).filter(Boolean);

/** The names of the networks a container is on. */
export const networksOf = (container: string): string[] =>
  docker(['inspect', '-f', '{{range $name, $network := .NetworkSettings.Networks}}{{$name}} {{end}}', container]).split(/\s+/).filter(Boolean);

export const gatewayOf = (network: string) => docker(['network', 'inspect', '-f', '{{range .IPAM.Config}}{{.Gateway}}{{end}}', network]);

export const inspectField = (container: string, template: string) => docker(['inspect', '-f', template, container]);

/** Ends sessions (an administrator may end anyone's), freeing the host for the suites after. */
export async function endSessions(adminCookie: string, sessionIds: string[]): Promise<void> {
  for (const id of sessionIds) await https(`/api/sessions/${id}`, { method: 'DELETE', cookie: adminCookie });
}
