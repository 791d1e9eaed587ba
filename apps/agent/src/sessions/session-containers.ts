import { connect, type Socket } from 'node:net';
import type { AgentHeartbeat, ProvisionRequest, ProvisionResponse } from '@atrium/contracts';
import type { Logger } from '@atrium/logging';
import type Docker from 'dockerode';
import { SESSION_LABEL } from '../docker/docker-host';
import { SessionDirectory } from './session-directory';
import { vncPasswordFor } from './vnc-password';
import { waitForRfbBanner } from './wait-for-rfb';
import { AGENT_LABEL, workspaceContainerSpec, type WorkspaceLimits } from './workspace-container-spec';

export class ProvisionError extends Error {}

export interface SessionContainersOptions {
  agentName: string;
  sessionsDir: string;
  /** Derives each session's VNC password (a secret only the agent holds). */
  passwordSecret: string;
  readyTimeoutMs: number;
  limits: WorkspaceLimits;
}

/** A connection to a session's desktop, and the password its VNC server expects. */
export interface DesktopConnection {
  socket: Socket;
  password: string;
}

/**
 * The session containers of this agent, labelled with their session, owner and workspace. The agent reaches
 * each desktop through the session's directory only (a Unix socket), never over a network.
 */
export class SessionContainers {
  constructor(
    private readonly docker: Docker,
    private readonly options: SessionContainersOptions,
    private readonly logger: Logger,
  ) {}

  async provision(request: ProvisionRequest): Promise<ProvisionResponse> {
    const started = Date.now();
    const directory = this.directoryOf(request.sessionId);
    let container: Docker.Container | undefined;
    try {
      await directory.create(this.options.limits.socketGid, this.passwordOf(request.sessionId));
      container = await this.docker.createContainer(workspaceContainerSpec(request, directory.path, this.options.agentName, this.options.limits));
      await container.start();
      await waitForRfbBanner(directory.socketPath, this.options.readyTimeoutMs);
      return { containerId: container.id, readyAfterMs: Date.now() - started };
    } catch (error) {
      if (container) await container.remove({ force: true }).catch(() => undefined);
      await directory.remove().catch(() => undefined);
      throw new ProvisionError(describeDockerError(error));
    }
  }

  /** Removes the session's container and its directory; absent already counts as done. */
  async destroy(sessionId: string): Promise<void> {
    for (const container of await this.containersOf(sessionId)) {
      await this.docker
        .getContainer(container.Id)
        .remove({ force: true })
        .catch((error: { statusCode?: number }) => {
          if (error.statusCode !== 404) throw error;
        });
    }
    await this.directoryOf(sessionId)
      .remove()
      .catch((error: Error) => this.logger.warn({ sessionId, reason: error.message }, 'session directory not removed'));
  }

  /** Opens the session's VNC socket, if its container runs and the socket is a socket. */
  async openDesktop(sessionId: string): Promise<DesktopConnection> {
    const [summary] = await this.containersOf(sessionId);
    if (summary?.State !== 'running') throw new Error('session has no running container');
    const path = await this.directoryOf(sessionId).verifiedSocketPath();
    const socket = connect({ path });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    return { socket, password: this.passwordOf(sessionId) };
  }

  async report(): Promise<Pick<AgentHeartbeat, 'allocated' | 'containers'>> {
    const containers = await this.docker.listContainers({ all: true, filters: { label: [SESSION_LABEL, `${AGENT_LABEL}=${this.options.agentName}`] } });
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

  private directoryOf(sessionId: string): SessionDirectory {
    return new SessionDirectory(this.options.sessionsDir, this.options.agentName, sessionId);
  }

  private passwordOf(sessionId: string): string {
    return vncPasswordFor(this.options.passwordSecret, sessionId);
  }

  private containersOf(sessionId: string) {
    return this.docker.listContainers({ all: true, filters: { label: [`${SESSION_LABEL}=${sessionId}`, `${AGENT_LABEL}=${this.options.agentName}`] } });
  }
}

function describeDockerError(error: unknown): string {
  const dockerError = error as { statusCode?: number; json?: { message?: string }; message?: string };
  return dockerError.json?.message ?? dockerError.message ?? 'unknown Docker error';
}
