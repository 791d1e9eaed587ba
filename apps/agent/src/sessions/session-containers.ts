import { connect, type OnReadOpts, type Socket } from 'node:net';
import type { AgentHeartbeat, ExecRequest, ExecResult, ProvisionRequest, ProvisionResponse } from '@atrium/contracts';
import type { Logger } from '@atrium/logging';
import type Docker from 'dockerode';
import { SESSION_LABEL } from '../docker/docker-host';
import { readHome, writeHome } from './container-home';
import { execInWorkspace } from './exec-command';
import { HomeArchives } from './home-archive';
import { SessionDirectory } from './session-directory';
import { vncPasswordFor } from './vnc-password';
import { waitForRfbBanner } from './wait-for-rfb';
import { createPullingIfMissing } from './image-pull';
import { waitUntilServing } from './wait-until-serving';
import { workspaceConfigFiles } from './workspace-config-files';
import { ProfileStore } from './profile-store';
import { AGENT_LABEL, PROFILE_LABEL, WORKSPACE_HOME, WORKSPACE_UID, workspaceContainerSpec, type WorkspaceLimits } from './workspace-container-spec';

export class ProvisionError extends Error {}

/** The session has no container on this agent (removed by hand, or never made). */
export class NoContainerError extends Error {}

export interface SessionContainersOptions {
  agentName: string;
  sessionsDir: string;
  /** Where users' kept homes live (the same path on the host). */
  profilesDir: string;
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
  private readonly homes: HomeArchives;
  readonly profiles: ProfileStore;

  constructor(
    private readonly docker: Docker,
    private readonly options: SessionContainersOptions,
    private readonly logger: Logger,
  ) {
    // A tar of a full home is a little larger than the home itself: headers and padding.
    this.homes = new HomeArchives(options.sessionsDir, options.agentName, archiveBound(options.limits.homeSizeMb));
    this.profiles = new ProfileStore(options.profilesDir, options.agentName, options.limits.socketGid);
  }

  async provision(request: ProvisionRequest): Promise<ProvisionResponse> {
    const started = Date.now();
    const directory = this.directoryOf(request.sessionId);
    let container: Docker.Container | undefined;
    try {
      await directory.create(this.options.limits.socketGid, this.passwordOf(request.sessionId, request.ownerId));
      await directory.writeConfig(this.options.limits.socketGid, workspaceConfigFiles(request.workspace.browser));
      const profile = request.workspace.persistentProfile ? await this.profiles.find(request.ownerId, request.workspace.id) : undefined;
      const spec = workspaceContainerSpec(request, directory, this.options.agentName, this.options.limits, profile);
      container = await createPullingIfMissing(this.docker, spec, this.logger);
      await container.start();
      await waitUntilServing(container, directory.socketPath, this.options.readyTimeoutMs);
      return { containerId: container.id, readyAfterMs: Date.now() - started };
    } catch (error) {
      if (container) await container.remove({ force: true }).catch(() => undefined);
      await directory.remove().catch(() => undefined);
      throw new ProvisionError(describeDockerError(error));
    }
  }

  /** Freezes every process of the session (its memory is kept, it uses no CPU). */
  async pause(sessionId: string): Promise<void> {
    await (await this.containerOf(sessionId)).pause();
  }

  async resume(sessionId: string): Promise<void> {
    await (await this.containerOf(sessionId)).unpause();
  }

  /**
   * Stops the session's container: its CPU and memory are free, the container waits, and its home folder
   * (a tmpfs, gone when the container stops) is kept as an archive until the session starts again.
   */
  async stop(sessionId: string): Promise<void> {
    const container = await this.containerOf(sessionId);
    // A kept home is as large as its profile, which may be more than the default home.
    const profileMb = Number((await container.inspect()).Config.Labels[PROFILE_LABEL]) || 0;
    const home = await readHome(this.docker, container, WORKSPACE_HOME, String(WORKSPACE_UID));
    const bytes = await this.homes.save(sessionId, home.archive, archiveBound(Math.max(profileMb, this.options.limits.homeSizeMb)));
    if (!(await home.succeeded())) throw new Error('the home folder could not be read; the session keeps running');
    await container.stop({ t: 5 });
    this.logger.info({ sessionId, homeBytes: bytes }, 'session container stopped, home kept');
  }

  /** Starts a stopped session's container again, puts its home back, and waits for its desktop. */
  async start(sessionId: string): Promise<void> {
    const container = await this.containerOf(sessionId);
    await container.start();
    const home = await this.homes.open(sessionId);
    if (home) await writeHome(container, WORKSPACE_HOME, String(WORKSPACE_UID), home);
    await waitForRfbBanner(this.directoryOf(sessionId).socketPath, this.options.readyTimeoutMs);
    await this.homes.remove(sessionId);
  }

  /** Runs a command in the running workspace as its user: 30 s at most, 64 KiB of each output kept. */
  async exec(sessionId: string, request: ExecRequest): Promise<ExecResult> {
    const container = await this.containerOf(sessionId);
    return execInWorkspace(this.docker, container, String(WORKSPACE_UID), request, { timeoutMs: 30_000, maxOutputBytes: 64 * 1024 });
  }

  /**
   * Removes the session's container and its directory; absent already counts as done. A session whose owner's home is
   * kept saves it first; returns its size then (null when the workspace keeps no home, or it could not be read:
   * the home kept from before stays as it was).
   */
  async destroy(sessionId: string): Promise<number | null> {
    const containers = await this.containersOf(sessionId);
    const profileBytes = await this.saveProfile(containers[0]);
    for (const container of containers) {
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
    await this.homes.remove(sessionId);
    return profileBytes;
  }

  /** Saves a running session's home as its owner's kept home of the workspace, if the workspace keeps one. */
  private async saveProfile(summary: Docker.ContainerInfo | undefined): Promise<number | null> {
    const sizeMb = Number(summary?.Labels[PROFILE_LABEL]);
    const owner = summary?.Labels['atrium.owner'];
    const workspaceId = summary?.Labels['atrium.workspace'];
    if (!summary || !sizeMb || !owner || !workspaceId) return null;
    const sessionId = summary.Labels[SESSION_LABEL] ?? '';
    try {
      if (summary.State !== 'running') return await this.saveStoppedProfile(sessionId, owner, workspaceId, sizeMb);
      const container = this.docker.getContainer(summary.Id);
      // Caches are not part of a profile: they would fill it, and every application rebuilds its own.
      const home = await readHome(this.docker, container, WORKSPACE_HOME, String(WORKSPACE_UID), ['./.cache']);
      const bytes = await this.profiles.save(owner, workspaceId, home.archive, archiveBound(sizeMb), home.succeeded);
      this.logger.info({ sessionId, profileBytes: bytes }, 'kept home saved');
      return bytes;
    } catch (error) {
      this.logger.warn({ sessionId, reason: (error as Error).message }, 'the kept home could not be saved; it stays as last saved');
      return null;
    }
  }

  /**
   * A stopped session's home was kept when it stopped: that becomes the kept home. A container that died has
   * neither, and the home saved at the end of the session before stays.
   */
  private async saveStoppedProfile(sessionId: string, owner: string, workspaceId: string, sizeMb: number): Promise<number | null> {
    const stopped = await this.homes.open(sessionId);
    if (!stopped) {
      this.logger.warn({ sessionId }, 'the session ended without a running container: its kept home stays as last saved');
      return null;
    }
    return this.profiles.save(owner, workspaceId, stopped, archiveBound(sizeMb));
  }

  /** A staged container becomes `ownerId`'s session: its VNC password is rotated to the owner's. */
  async claim(sessionId: string, ownerId: string): Promise<void> {
    const [summary] = await this.containersOf(sessionId);
    if (summary?.State !== 'running') throw new NoContainerError('the session has no running container on this agent');
    await this.directoryOf(sessionId).writePassword(this.passwordOf(sessionId, ownerId));
  }

  /**
   * Opens the session's VNC socket, if its container runs and the socket is a socket. With `onread`, the
   * socket reads into the caller's buffers and hands each read to its callback instead of emitting data.
   */
  async openDesktop(sessionId: string, ownerId: string, onread?: OnReadOpts): Promise<DesktopConnection> {
    const [summary] = await this.containersOf(sessionId);
    if (summary?.State !== 'running') throw new Error('session has no running container');
    const path = await this.directoryOf(sessionId).verifiedSocketPath();
    const socket = connect({ path, ...(onread && { onread }) });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    return { socket, password: this.passwordOf(sessionId, ownerId) };
  }

  async report(): Promise<Pick<AgentHeartbeat, 'allocated' | 'containers'>> {
    const containers = await this.docker.listContainers({ all: true, filters: { label: [SESSION_LABEL, `${AGENT_LABEL}=${this.options.agentName}`] } });
    const live = containers.filter((container) => ['running', 'created', 'paused'].includes(container.State));
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

  private passwordOf(sessionId: string, ownerId: string): string {
    return vncPasswordFor(this.options.passwordSecret, sessionId, ownerId);
  }

  async containerOf(sessionId: string): Promise<Docker.Container> {
    const [summary] = await this.containersOf(sessionId);
    if (!summary) throw new NoContainerError('the session has no container on this agent');
    return this.docker.getContainer(summary.Id);
  }

  private containersOf(sessionId: string) {
    return this.docker.listContainers({ all: true, filters: { label: [`${SESSION_LABEL}=${sessionId}`, `${AGENT_LABEL}=${this.options.agentName}`] } });
  }
}

/** A tar of a full home is a little larger than the home itself: headers and padding. */
const archiveBound = (homeSizeMb: number) => homeSizeMb * 1024 * 1024 * 1.1 + 1024 * 1024;

/** Docker's own message where it gave one ("container is not paused"), else the error's. */
export function describeDockerError(error: unknown): string {
  const dockerError = error as { statusCode?: number; json?: { message?: string }; message?: string };
  return dockerError.json?.message ?? dockerError.message ?? 'unknown Docker error';
}
