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

  /** What the Docker host really has (unless configured otherwise), and how much of it may be promised. */
  async capacity(settings: { cores?: number; memoryMb?: number; cpuOvercommit: number; memoryReserveMb: number }): Promise<AgentCapacity> {
    const info = await this.docker.info();
    return {
      cores: settings.cores ?? info.NCPU,
      memoryMb: settings.memoryMb ?? Math.floor(info.MemTotal / 1024 / 1024),
      cpuOvercommit: settings.cpuOvercommit,
      memoryReserveMb: settings.memoryReserveMb,
    };
  }

  async ping(): Promise<void> {
    await this.docker.ping();
  }
}
