import type { Socket } from 'node:net';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';

/**
 * A role's metrics registry with the browser streams it relays, counted on their sockets: open now, opened, and bytes
 * each way (read at each scrape, and when a socket closes). `prefix` names the role's process metrics
 * (`atrium_agent_`), `streams` its stream metrics (`atrium_stream`: `atrium_stream_connections`, ...).
 */
export function streamMetrics(options: { prefix: string; streams: string; what: string }) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: options.prefix });
  const open = new Map<Socket, { kind: string; read: number; written: number }>();
  const opened = new Counter({
    name: `${options.streams}_connections_total`,
    help: `${options.what} opened, by kind.`,
    labelNames: ['kind'],
    registers: [registry],
  });
  const current = new Gauge({
    name: `${options.streams}_connections`,
    help: `${options.what} open now, by kind.`,
    labelNames: ['kind'],
    registers: [registry],
  });
  const bytes = new Counter({
    name: `${options.streams}_bytes_total`,
    help: `Bytes relayed on ${options.what.toLowerCase()}, by kind and direction (to_browser, from_browser).`,
    labelNames: ['kind', 'direction'],
    registers: [registry],
    collect() {
      for (const [socket, seen] of open) count(socket, seen);
    },
  });
  const count = (socket: Socket, seen: { kind: string; read: number; written: number }) => {
    bytes.inc({ kind: seen.kind, direction: 'to_browser' }, socket.bytesWritten - seen.written);
    bytes.inc({ kind: seen.kind, direction: 'from_browser' }, socket.bytesRead - seen.read);
    seen.written = socket.bytesWritten;
    seen.read = socket.bytesRead;
  };
  return {
    registry,
    /** Counts a stream from now until its socket closes. */
    track(kind: string, socket: Socket): void {
      const seen = { kind, read: socket.bytesRead, written: socket.bytesWritten };
      open.set(socket, seen);
      current.inc({ kind });
      opened.inc({ kind });
      socket.once('close', () => {
        count(socket, seen);
        open.delete(socket);
        current.dec({ kind });
      });
    },
  };
}
