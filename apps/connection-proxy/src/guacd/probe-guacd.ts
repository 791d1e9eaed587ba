import { connect } from 'node:net';
import type { ComponentHealth } from '@atrium/contracts';

/**
 * A TCP connect to guacd, closed before any Guacamole instruction: guacd starts no protocol plugin for it,
 * so health checks do not count as remote connections.
 */
export function probeGuacd(host: string, port: number, timeoutMs = 2_000): Promise<ComponentHealth> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (health: ComponentHealth) => {
      socket.destroy();
      resolve(health);
    };
    socket.setTimeout(timeoutMs, () => done({ status: 'down', detail: `no answer from ${host}:${port}` }));
    socket.once('connect', () => done({ status: 'ok' }));
    socket.once('error', (error) => done({ status: 'down', detail: error.message }));
  });
}
