import type { AgentCapacity } from '@atrium/contracts';
import Docker from 'dockerode';

/** Label every session container carries; the agent lists and cleans up by it. */
export const SESSION_LABEL = 'atrium.session';

/** The agent's view of its Docker engine: capacity and the session containers it runs. */
export class DockerHost {
  readonly docker: Docker;

  constructor(socketPath: string) {
    this.docker = new Docker({ socketPath });
  }

  async capacity(overrides: { cores?: number; memoryMb?: number }): Promise<AgentCapacity> {
    const info = await this.docker.info();
    return {
      cores: overrides.cores ?? info.NCPU,
      memoryMb: overrides.memoryMb ?? Math.floor(info.MemTotal / 1024 / 1024),
    };
  }

  async ping(): Promise<void> {
    await this.docker.ping();
  }
}
