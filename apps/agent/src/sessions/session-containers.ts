import { randomBytes } from 'node:crypto';
import type { AgentHeartbeat, ProvisionRequest, ProvisionResponse } from '@atrium/contracts';
import type Docker from 'dockerode';
import { SESSION_LABEL } from '../docker/docker-host';
import { vncPasswordArchive } from './vnc-password-archive';
import { waitForRfbBanner } from './wait-for-rfb';

export const VNC_PORT = 5901;

/** Several agents (or stacks) may share one Docker engine; each manages only what it labelled. */
export const AGENT_LABEL = 'atrium.agent';

export class ProvisionError extends Error {}

export interface SessionEndpoint {
  host: string;
  password: string;
}

/**
 * The session containers of this agent. Each is labelled with its session, owner and workspace, limited
 * to the workspace's cores and memory, stripped of every capability, and joined to the sessions network only.
 */
export class SessionContainers {
  constructor(
    private readonly docker: Docker,
    private readonly network: string,
    private readonly readyTimeoutMs: number,
    /** This agent's name: containers are labelled with it, and only those count as this agent's. */
    private readonly agentName: string,
  ) {}

  async provision(request: ProvisionRequest): Promise<ProvisionResponse> {
    const started = Date.now();
    const { workspace } = request;
    let container: Docker.Container | undefined;
    try {
      container = await this.docker.createContainer({
        Image: workspace.image,
        name: `atrium-session-${request.sessionId}`,
        Labels: {
          [SESSION_LABEL]: request.sessionId,
          [AGENT_LABEL]: this.agentName,
          'atrium.owner': request.ownerId,
          'atrium.workspace': workspace.id,
          'atrium.cores': String(workspace.cores),
          'atrium.memory-mb': String(workspace.memoryMb),
        },
        Env: [`GEOMETRY=${workspace.resolution}`],
        HostConfig: {
          NetworkMode: this.network,
          NanoCpus: Math.round(workspace.cores * 1e9),
          Memory: workspace.memoryMb * 1024 * 1024,
          MemorySwap: workspace.memoryMb * 1024 * 1024,
          PidsLimit: 512,
          CapDrop: ['ALL'],
          SecurityOpt: ['no-new-privileges:true'],
          Tmpfs: { '/tmp': 'rw,nosuid,nodev,size=256m' },
          ShmSize: 256 * 1024 * 1024,
        },
      });
      // The password goes in as a file before start: never in the environment, where `docker inspect` shows it.
      await container.putArchive(await vncPasswordArchive(randomBytes(6).toString('base64url')), { path: '/run/atrium' });
      await container.start();
      const { host } = await this.endpointOf(container);
      await waitForRfbBanner(host, VNC_PORT, this.readyTimeoutMs);
      return { containerId: container.id, readyAfterMs: Date.now() - started };
    } catch (error) {
      if (container) await container.remove({ force: true }).catch(() => undefined);
      throw new ProvisionError(describeDockerError(error));
    }
  }

  /** Stops and removes the session's container; absent already counts as done. */
  async destroy(sessionId: string): Promise<void> {
    for (const container of await this.containersOf(sessionId)) {
      await this.docker
        .getContainer(container.Id)
        .remove({ force: true })
        .catch((error: { statusCode?: number }) => {
          if (error.statusCode !== 404) throw error;
        });
    }
  }

  /** Where the session's VNC server listens and its password, read back from the container itself. */
  async endpoint(sessionId: string): Promise<SessionEndpoint | undefined> {
    const [summary] = await this.containersOf(sessionId);
    if (!summary || summary.State !== 'running') return undefined;
    return this.endpointOf(this.docker.getContainer(summary.Id));
  }

  async report(): Promise<Pick<AgentHeartbeat, 'allocated' | 'containers'>> {
    const containers = await this.docker.listContainers({ all: true, filters: { label: [SESSION_LABEL, `${AGENT_LABEL}=${this.agentName}`] } });
    const live = containers.filter((container) => container.State === 'running' || container.State === 'created');
    return {
      allocated: {
        cores: live.reduce((sum, container) => sum + Number(container.Labels['atrium.cores'] ?? 0), 0),
        memoryMb: live.reduce((sum, container) => sum + Number(container.Labels['atrium.memory-mb'] ?? 0), 0),
      },
      containers: containers.map((container) => ({
        sessionId: container.Labels[SESSION_LABEL] ?? '',
        containerId: container.Id,
        state: container.State,
      })),
    };
  }

  private containersOf(sessionId: string) {
    return this.docker.listContainers({ all: true, filters: { label: [`${SESSION_LABEL}=${sessionId}`, `${AGENT_LABEL}=${this.agentName}`] } });
  }

  private async endpointOf(container: Docker.Container): Promise<SessionEndpoint> {
    const info = await container.inspect();
    const host = info.NetworkSettings.Networks[this.network]?.IPAddress;
    if (!host) throw new Error(`container is not on the ${this.network} network`);
    const archive = await container.getArchive({ path: '/run/atrium/vnc-password' });
    return { host, password: await passwordFromArchive(archive) };
  }
}

async function passwordFromArchive(archive: NodeJS.ReadableStream): Promise<string> {
  const { extract } = await import('tar-stream');
  const reader = extract();
  const content = new Promise<string>((resolve, reject) => {
    reader.on('entry', (_header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
      stream.on('end', () => {
        resolve(Buffer.concat(chunks).toString('utf8').trim());
        next();
      });
    });
    reader.on('error', reject);
  });
  archive.pipe(reader);
  return content;
}

function describeDockerError(error: unknown): string {
  const dockerError = error as { statusCode?: number; json?: { message?: string }; message?: string };
  return dockerError.json?.message ?? dockerError.message ?? 'unknown Docker error';
}
