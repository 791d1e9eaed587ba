import { isReservedWorkspaceEnv, type ProvisionRequest } from '@atrium/contracts';
import type { ContainerCreateOptions } from 'dockerode';
import { SESSION_LABEL } from '../docker/docker-host';
import { PASSWORD_NAME, SOCKET_NAME, WORKSPACE_SOCKET_DIR } from './session-directory';

/** Several agents (or stacks) may share one Docker engine; each manages only what it labelled. */
export const AGENT_LABEL = 'atrium.agent';

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
export function workspaceContainerSpec(
  request: ProvisionRequest,
  sessionDirectory: string,
  agentName: string,
  limits: WorkspaceLimits,
): ContainerCreateOptions {
  const { workspace } = request;
  const memoryBytes = workspace.memoryMb * 1024 * 1024;
  return {
    Image: workspace.image,
    name: `atrium-session-${request.sessionId}`,
    Labels: {
      [SESSION_LABEL]: request.sessionId,
      [AGENT_LABEL]: agentName,
      'atrium.owner': request.ownerId,
      'atrium.workspace': workspace.id,
      'atrium.cores': String(workspace.cores),
      'atrium.memory-mb': String(workspace.memoryMb),
      'atrium.egress': workspace.egress,
    },
    Env: [
      // The integration's variables first, without Atrium's own names (also refused by the control plane).
      ...Object.entries(request.environment ?? {})
        .filter(([name]) => !isReservedWorkspaceEnv(name))
        .map(([name, value]) => `${name}=${value}`),
      `GEOMETRY=${workspace.resolution}`,
      `VNC_SOCKET=${WORKSPACE_SOCKET_DIR}/${SOCKET_NAME}`,
      `VNC_PASSWD_FILE=${WORKSPACE_SOCKET_DIR}/${PASSWORD_NAME}`,
    ],
    HostConfig: {
      NetworkMode: workspace.egress === 'none' ? 'none' : limits.egressNetwork,
      Binds: [`${sessionDirectory}:${WORKSPACE_SOCKET_DIR}`],
      GroupAdd: [String(limits.socketGid)],
      // CPU is shared by default: `cores` worth of shares (1024 per core) when the host is busy, all of it
      // when idle. A hard limit is the workspace's choice (`cpuHardLimit`).
      ...(workspace.cpuHardLimit ? { NanoCpus: Math.round(workspace.cores * 1e9) } : { CpuShares: Math.max(2, Math.round(workspace.cores * 1024)) }),
      Memory: memoryBytes,
      MemorySwap: memoryBytes,
      PidsLimit: limits.pidsLimit,
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges:true'],
      ReadonlyRootfs: true,
      Tmpfs: {
        '/tmp': `rw,nosuid,nodev,size=${limits.tmpSizeMb}m`,
        [WORKSPACE_HOME]: `rw,nosuid,nodev,size=${limits.homeSizeMb}m,uid=${WORKSPACE_UID},gid=${WORKSPACE_UID},mode=0700`,
      },
      ShmSize: 256 * 1024 * 1024,
      LogConfig: { Type: 'json-file', Config: { 'max-size': limits.logMaxSize, 'max-file': '2' } },
    },
  };
}
