import { chmod, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { onShutdown } from '@atrium/http';
import type { Logger } from '@atrium/logging';

/**
 * The agent's second door for desktop streams and file transfers: a Unix socket that kasm_proxy on the same host
 * relays to instead of the agent's TCP port, saving the bytes a trip through the container network. Only WebSocket
 * upgrades and the files routes are served here, with the same checks as on the port (tokens, origin). The
 * socket is 0660 in a setgid directory of kasm_proxy's group: only the agent and nginx can open it.
 */
export async function listenOnStreamSocket(
  path: string,
  onUpgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => void,
  onRequest: RequestListener,
  logger: Logger,
): Promise<Server> {
  // A socket left by a previous run (a crash leaves the file) would make listen fail with EADDRINUSE.
  await rm(path, { force: true });
  const server = createServer(onRequest);
  server.on('upgrade', onUpgrade);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, resolve);
  });
  await chmod(path, 0o660);
  onShutdown('stream socket', () => new Promise<void>((resolve) => server.close(() => resolve())));
  logger.info({ path }, 'desktop streams and file transfers also on a Unix socket');
  return server;
}
