import { execFileSync } from 'node:child_process';
import { GenericContainer, Wait, type StartedTestContainer } from 'testcontainers';
import { GuacamoleTestClient } from './guacamole-client';
import { eventually, https, userCookie } from './stack';
import { E2E_PROJECT } from './stack-settings';

/**
 * A target on a stack's targets network (guacd's only; the e2e stack's unless another project is named),
 * reachable under `alias`, ready when `port` accepts.
 */
export const startTarget = (image: string, alias: string, port: number, env: Record<string, string>, project = E2E_PROJECT): Promise<StartedTestContainer> =>
  new GenericContainer(image)
    .withNetworkMode(`${project}_targets`)
    .withNetworkAliases(alias)
    .withEnvironment(env)
    .withLabels({ 'atrium.test': 'target' })
    .withWaitStrategy(Wait.forSuccessfulCommand(`bash -c 'exec 3<>/dev/tcp/127.0.0.1/${port}'`))
    .withStartupTimeout(60_000)
    .start();

/**
 * Types `touch PATH` into a terminal connection until the file exists on the target (the shell may not be
 * listening yet, so it is typed again, as a person would) and returns the file's owner: proof that the
 * connection signed in and runs what is typed.
 */
export async function touchThroughTerminal(client: GuacamoleTestClient, target: StartedTestContainer, path: string): Promise<string> {
  await eventually(
    async () => {
      client.type(`touch ${path}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
      execFileSync('docker', ['exec', target.getId(), 'test', '-f', path]);
    },
    15_000,
    200,
  );
  return execFileSync('docker', ['exec', target.getId(), 'stat', '-c', '%U', path], { encoding: 'utf8' }).trim();
}

/**
 * One user in a group of their own with one server granted to it: the group's settings are the policy their
 * sessions of that server are launched under (taken at launch, into the connection's settings).
 */
export class GovernedServer {
  private constructor(
    private readonly admin: string,
    readonly user: string,
    private readonly groupId: string,
    private readonly serverId: string,
  ) {}

  static async create(admin: string, username: string, server: Record<string, unknown>): Promise<GovernedServer> {
    const user = await userCookie(admin, username);
    const userId = (await https('/api/auth/me', { cookie: user })).json<{ id: string }>().id;
    const groupId = (await https('/api/groups', { method: 'POST', cookie: admin, body: { name: `e2e-${username}`, priority: 1 } })).json<{ id: string }>().id;
    await https(`/api/groups/${groupId}/members`, { method: 'PUT', cookie: admin, body: { userIds: [userId] } });
    const created = await https('/api/servers', { method: 'POST', cookie: admin, body: { ...server, groupIds: [groupId] } });
    if (created.status !== 201) throw new Error(`server answered ${created.status}: ${created.body}`);
    return new GovernedServer(admin, user, groupId, created.json<{ id: string }>().id);
  }

  async governBy(settings: Record<string, unknown>): Promise<void> {
    const response = await https(`/api/groups/${this.groupId}/settings`, { method: 'PUT', cookie: this.admin, body: settings });
    if (response.status !== 204) throw new Error(`group settings answered ${response.status}: ${response.body}`);
  }

  async launch(): Promise<{ id: string; connectUrl: string }> {
    const response = await https('/api/sessions', { method: 'POST', cookie: this.user, body: { serverId: this.serverId } });
    if (response.status !== 201) throw new Error(`launch answered ${response.status}: ${response.body}`);
    return response.json<{ id: string; connectUrl: string }>();
  }

  /** The server launched under `settings` and opened by a hand-made Guacamole client, as the user; `close` ends both. */
  async connect(settings: Record<string, unknown>) {
    await this.governBy(settings);
    const session = await this.launch();
    const client = await GuacamoleTestClient.open(session.connectUrl, this.user);
    const close = async () => {
      client.close();
      await this.end(session.id);
    };
    return { session, client, close };
  }

  end(sessionId: string) {
    return https(`/api/sessions/${sessionId}`, { method: 'DELETE', cookie: this.user });
  }

  /** The file transfers audited for a session, once at least `count` are there. */
  async transfersOf(sessionId: string, count: number): Promise<{ action: string; detail: Record<string, unknown> }[]> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const page = (await https(`/api/audit?targetId=${sessionId}&limit=50`, { cookie: this.admin })).json<{
        entries: { action: string; detail: Record<string, unknown> }[];
      }>();
      const found = page.entries.filter((entry) => entry.action.startsWith('file.'));
      if (found.length >= count || Date.now() > deadline) return found;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
