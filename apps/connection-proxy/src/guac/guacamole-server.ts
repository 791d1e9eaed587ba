import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { OpenStreams } from '@atrium/http';
import type { Logger } from '@atrium/logging';
import type { WebSocket } from 'ws';
import { GuacdOutput } from './guacd-output';
// guacamole-lite ships no types.
const GuacamoleLite = require('guacamole-lite');

interface GuacamoleLiteServer {
  webSocketServer: import('ws').WebSocketServer;
  close(): void;
}

/**
 * guacamole-lite without a listening socket of its own: connections arrive only through the guard.
 * Its logging goes to pino; it answers guacd's version with 1.1.0, so credentials must be in the token.
 */
/** Told when guacd ends a session's connection from the remote side. */
export type RemoteEnded = (sessionId: string, reason: string) => void;

/**
 * Routes what guacamole-lite sends the browser through a watcher of guacd's output (readable errors, remote
 * ends). Only while the browser is still connected: an end the browser asked for is not the remote side's.
 */
function watchGuacdOutput(ws: WebSocket, sessionId: string, remoteEnded: RemoteEnded | undefined): void {
  const output = new GuacdOutput((reason) => {
    if (ws.readyState === ws.OPEN) remoteEnded?.(sessionId, reason);
  });
  const send = ws.send.bind(ws) as (data: unknown, ...rest: unknown[]) => void;
  (ws as unknown as { send: typeof send }).send = (data, ...rest) => send(typeof data === 'string' ? output.process(data) : data, ...rest);
}

export function createGuacamoleServer(guacd: { host: string; port: number }, key: string, logger: Logger, streams?: OpenStreams, remoteEnded?: RemoteEnded) {
  const server: GuacamoleLiteServer = new GuacamoleLite(
    // A `server` key (even undefined) stops guacamole-lite from adding `port: 8080`, which ws refuses beside noServer.
    { server: undefined, noServer: true, perMessageDeflate: false },
    guacd,
    {
      crypt: { cypher: 'AES-256-CBC', key },
      maxInactivityTime: 30_000,
      log: {
        level: 'ERRORS',
        stdLog: (...args: unknown[]) => logger.info({ guacamoleLite: args.join(' ') }),
        errorLog: (...args: unknown[]) => logger.warn({ guacamoleLite: args.join(' ') }),
      },
    },
  );
  return {
    accept: (req: IncomingMessage, socket: Duplex, head: Buffer, owner: { sessionId: string; authSessionId?: string }) =>
      server.webSocketServer.handleUpgrade(req, socket, head, (ws) => {
        const forget = streams?.add({ ...owner, close: (reason) => ws.close(1000, reason) });
        if (forget) ws.once('close', forget);
        watchGuacdOutput(ws, owner.sessionId, remoteEnded);
        server.webSocketServer.emit('connection', ws, req);
      }),
    close: () => server.close(),
  };
}
