import type { Server } from 'node:http';
import type { RequestListener } from 'node:http';
import { createServer } from 'node:http';

/** Starts an HTTP server and resolves once it listens (or rejects, e.g. on EADDRINUSE). */
export function listen(handler: RequestListener, port: number, host = '0.0.0.0'): Promise<Server> {
  const server = createServer(handler);
  // Keep-alive sockets must not outlive a proxy's idle timeout, nor hold shutdown open.
  server.keepAliveTimeout = 65_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

/** Stops accepting connections, lets in-flight requests finish, and closes idle keep-alive sockets. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeIdleConnections();
  });
}
