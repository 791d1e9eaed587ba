import { isReservedWorkspaceEnv, type ProvisionRequest } from '@atrium/contracts';
import type { ContainerCreateOptions } from 'dockerode';
import { SESSION_LABEL } from '../docker/docker-host';
import { PASSWORD_NAME, SOCKET_NAME, WORKSPACE_CONFIG_DIR, WORKSPACE_SOCKET_DIR, type SessionDirectory } from './session-directory';
import { userNamespaceSeccompProfile } from './workspace-seccomp';

/** Several agents (or stacks) may share one Docker engine; each manages only what it labelled. */
export const AGENT_LABEL = 'atrium.agent';
/** On a session whose owner's home is kept: the profile's size in MiB (its owner and workspace are labels too). */
export const PROFILE_LABEL = 'atrium.profile-mb';

/** The workspace user of Atrium's images, whose home is a tmpfs. */
export const WORKSPACE_UID = 1000;
export const WORKSPACE_HOME = '/home/user';

export interface WorkspaceLimits {
  socketGid: number;
  egressNetwork: string;
  homeSizeMb: number;
  tmpSizeMb: number;
  pidsLimit: number;
  logMaxSize: string;
}

/**
 * How a workspace container is made: untrusted, so it shares no network with any role or other workspace
 * (`none`, or the egress bridge where containers cannot reach each other), reaches the agent only through its
 * session directory, runs with no capabilities and a read-only root, and has bounded memory, CPU, processes,
 * writable space (tmpfs) and logs.
 */
/** Where the workspace finds its kept home to unpack (a read-only tar), when it has one. */
export const WORKSPACE_PROFILE_ARCHIVE = '/run/atrium/profile/home.tar';

export function workspaceContainerSpec(
  request: ProvisionRequest,
  directory: Pick<SessionDirectory, 'path' | 'configPath'>,
  agentName: string,
  limits: WorkspaceLimits,
  /** The host path of the owner's kept home of this workspace, when it has one. */
  profileArchive?: string,
): ContainerCreateOptions {
  const { workspace } = request;
  // A kept home is as large as its profile allows: a file past that is refused where it is written.
  const homeSizeMb = workspace.persistentProfile ? workspace.profileSizeMb : limits.homeSizeMb;
  const { runConfig } = workspace;
  const memoryBytes = workspace.memoryMb * 1024 * 1024;
  return {
    Image: workspace.image,
    ...(workspace.launchCommand && { Cmd: workspace.launchCommand }),
    ...(runConfig.hostname && { Hostname: runConfig.hostname }),
    ...(runConfig.working_dir && { WorkingDir: runConfig.working_dir }),
    name: `atrium-session-${request.sessionId}`,
    Labels: {
      [SESSION_LABEL]: request.sessionId,
      [AGENT_LABEL]: agentName,
      'atrium.owner': request.ownerId,
      'atrium.workspace': workspace.id,
      'atrium.cores': String(workspace.cores),
      'atrium.memory-mb': String(workspace.memoryMb),
      'atrium.egress': workspace.egress,
      ...(workspace.persistentProfile && { [PROFILE_LABEL]: String(workspace.profileSizeMb) }),
    },
    Env: [
      // The workspace's and the integration's variables first, without Atrium's own names (also refused by the
      // control plane).
      ...Object.entries({ ...runConfig.environment, ...request.environment })
        .filter(([name]) => !isReservedWorkspaceEnv(name))
        .map(([name, value]) => `${name}=${value}`),
      `GEOMETRY=${workspace.resolution}`,
      `VNC_SOCKET=${WORKSPACE_SOCKET_DIR}/${SOCKET_NAME}`,
      `VNC_PASSWD_FILE=${WORKSPACE_SOCKET_DIR}/${PASSWORD_NAME}`,
      `BROWSER_KIOSK=${workspace.browser.kiosk}`,
      ...(workspace.browser.homepage ? [`BROWSER_HOMEPAGE=${workspace.browser.homepage}`] : []),
    ],
    HostConfig: {
      NetworkMode: networkOf(workspace, limits),
      Binds: [
        `${directory.path}:${WORKSPACE_SOCKET_DIR}`,
        `${directory.configPath}:${WORKSPACE_CONFIG_DIR}:ro`,
        ...(profileArchive ? [`${profileArchive}:${WORKSPACE_PROFILE_ARCHIVE}:ro`] : []),
      ],
      GroupAdd: [String(limits.socketGid)],
      // CPU is shared by default: `cores` worth of shares (1024 per core) when the host is busy, all of it
      // when idle. A hard limit is the workspace's choice (`cpuHardLimit`).
      ...(workspace.cpuHardLimit ? { NanoCpus: Math.round(workspace.cores * 1e9) } : { CpuShares: Math.max(2, Math.round(workspace.cores * 1024)) }),
      Memory: memoryBytes,
      MemorySwap: memoryBytes,
      PidsLimit: limits.pidsLimit,
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges:true', ...(workspace.userNamespaces ? [`seccomp=${userNamespaceSeccompProfile()}`] : [])],
      ReadonlyRootfs: true,
      Tmpfs: {
        '/tmp': `rw,nosuid,nodev,size=${limits.tmpSizeMb}m`,
        [WORKSPACE_HOME]: `rw,nosuid,nodev,size=${homeSizeMb}m,uid=${WORKSPACE_UID},gid=${WORKSPACE_UID},mode=0700`,
      },
      // Browsers keep their compositor's frames in shared memory: Docker's 64 MB makes tabs crash.
      ShmSize: Math.min(sizeInBytes(runConfig.shm_size ?? '256m'), memoryBytes),
      LogConfig: { Type: 'json-file', Config: { 'max-size': limits.logMaxSize, 'max-file': '2' } },
    },
  };
}

/** `none`, Atrium's egress bridge, or the Docker network an administrator named for the workspace. */
function networkOf(workspace: ProvisionRequest['workspace'], limits: WorkspaceLimits): string {
  if (workspace.egress === 'none') return 'none';
  if (workspace.egress === 'network') return workspace.egressNetwork ?? 'none';
  return limits.egressNetwork;
}

/** "512m" or "1g" in bytes. */
const sizeInBytes = (size: string) => Number(size.slice(0, -1)) * 1024 ** (size.endsWith('g') ? 3 : 2);
