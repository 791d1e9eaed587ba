import type { Socket } from 'node:net';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';

/**
 * The agent's metrics: the browser streams it bridges (desktop and sound), counted on their sockets, and its process.
 * The webapp serves them with its own at /api/metrics (the agent's port is on the control network only); every
 * series carries the agent's name.
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'atrium_agent_' });

export const streamsOpen = new Gauge({
  name: 'atrium_stream_connections',
  help: 'Browser streams open now, by kind (desktop, audio).',
  labelNames: ['kind'] as const,
  registers: [registry],
});

export const streamsOpened = new Counter({
  name: 'atrium_stream_connections_total',
  help: 'Browser streams opened, by kind.',
  labelNames: ['kind'] as const,
  registers: [registry],
});

/** Bytes on the streams' sockets (TLS from kasm_proxy excluded: what the agent relays), counted at each scrape. */
const open = new Map<Socket, { kind: string; read: number; written: number }>();

const streamBytes = new Counter({
  name: 'atrium_stream_bytes_total',
  help: 'Bytes relayed on browser streams, by kind and direction (to_browser, from_browser).',
  labelNames: ['kind', 'direction'] as const,
  registers: [registry],
  collect() {
    for (const [socket, seen] of open) countBytes(socket, seen);
  },
});

function countBytes(socket: Socket, seen: { kind: string; read: number; written: number }): void {
  streamBytes.inc({ kind: seen.kind, direction: 'to_browser' }, socket.bytesWritten - seen.written);
  streamBytes.inc({ kind: seen.kind, direction: 'from_browser' }, socket.bytesRead - seen.read);
  seen.written = socket.bytesWritten;
  seen.read = socket.bytesRead;
}

/** Counts a browser stream from now until its socket closes. */
export function trackStream(kind: 'desktop' | 'audio', socket: Socket): void {
  const seen = { kind, read: socket.bytesRead, written: socket.bytesWritten };
  open.set(socket, seen);
  streamsOpen.inc({ kind });
  streamsOpened.inc({ kind });
  socket.once('close', () => {
    countBytes(socket, seen);
    open.delete(socket);
    streamsOpen.dec({ kind });
  });
}

/** Names this agent on every series (set once its name is known). */
export const labelAgent = (name: string) => registry.setDefaultLabels({ agent: name });
