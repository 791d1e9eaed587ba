import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ConnectionFiles } from '@atrium/contracts';
import type { OpenStreams } from '@atrium/http';
import type { Logger } from '@atrium/logging';
import type { WebSocket } from 'ws';
import { ConnectionFilter, type TransferControl } from './connection-filter';
import { MalformedInstruction } from './instructions';
// guacamole-lite ships no types.
const GuacamoleLite = require('guacamole-lite');

interface GuacamoleLiteServer {
  webSocketServer: import('ws').WebSocketServer;
  close(): void;
}

/** Told when guacd ends a session's connection from the remote side. */
export type RemoteEnded = (sessionId: string, reason: string) => void;

/** Whose connection it is, and what its token allows. */
export interface ConnectionOwner {
  sessionId: string;
  authSessionId?: string;
  files?: ConnectionFiles;
  microphone?: boolean;
}

export interface GuacamoleServerOptions {
  guacd: { host: string; port: number };
  key: string;
  logger: Logger;
  transfers: TransferControl;
  streams?: OpenStreams;
  remoteEnded?: RemoteEnded;
}

/**
 * Puts a ConnectionFilter between guacamole-lite and the browser's socket, both ways: what guacamole-lite sends
 * the browser (its `send`) and what the browser sends guacamole-lite (the socket's `message` events). An end the
 * browser asked for is not the remote side's: remote ends count only while the browser is still connected.
 */
function filterConnection(ws: WebSocket, owner: ConnectionOwner, options: GuacamoleServerOptions): void {
  const filter = new ConnectionFilter(owner.sessionId, owner, options.transfers, (reason) => {
    if (ws.readyState === ws.OPEN) options.remoteEnded?.(owner.sessionId, reason);
  });
  const send = ws.send.bind(ws) as (data: unknown, ...rest: unknown[]) => void;
  const emit = ws.emit.bind(ws) as (event: string | symbol, ...args: unknown[]) => boolean;
  // Text that is not the protocol (a broken or hostile client) ends the connection; so does a fault of the filter,
  // which must never let an instruction through unchecked.
  const broken = (error: unknown) => {
    if (error instanceof MalformedInstruction) {
      options.logger.warn({ sessionId: owner.sessionId, reason: error.message }, 'remote connection closed: not Guacamole protocol');
    } else {
      options.logger.error({ sessionId: owner.sessionId, err: error }, 'remote connection closed: the connection filter failed');
    }
    ws.close(1008, 'protocol error');
  };
  const deliver = ({ toGuacd, toBrowser }: { toGuacd: string; toBrowser: string }) => {
    if (toGuacd) emit('message', toGuacd, false);
    if (toBrowser) send(toBrowser);
  };
  (ws as unknown as { send: typeof send }).send = (data) => {
    try {
      deliver(filter.fromGuacd(String(data)));
    } catch (error) {
      broken(error);
    }
  };
  (ws as unknown as { emit: typeof emit }).emit = (event, ...args) => {
    if (event !== 'message') return emit(event, ...args);
    try {
      deliver(filter.fromBrowser(String(args[0])));
    } catch (error) {
      broken(error);
    }
    return true;
  };
  ws.once('close', () => filter.end());
}

/**
 * guacamole-lite without a listening socket of its own: connections arrive only through the guard.
 * Its logging goes to pino; it answers guacd's version with 1.1.0, so credentials must be in the token.
 */
export function createGuacamoleServer(options: GuacamoleServerOptions) {
  const { logger } = options;
  const server: GuacamoleLiteServer = new GuacamoleLite(
    // A `server` key (even undefined) stops guacamole-lite from adding `port: 8080`, which ws refuses beside noServer.
    { server: undefined, noServer: true, perMessageDeflate: false },
    options.guacd,
    {
      crypt: { cypher: 'AES-256-CBC', key: options.key },
      maxInactivityTime: 30_000,
      log: {
        level: 'ERRORS',
        stdLog: (...args: unknown[]) => logger.info({ guacamoleLite: args.join(' ') }),
        errorLog: (...args: unknown[]) => logger.warn({ guacamoleLite: args.join(' ') }),
      },
    },
  );
  return {
    accept: (req: IncomingMessage, socket: Duplex, head: Buffer, owner: ConnectionOwner) =>
      server.webSocketServer.handleUpgrade(req, socket, head, (ws) => {
        const forget = options.streams?.add({
          sessionId: owner.sessionId,
          ...(owner.authSessionId && { authSessionId: owner.authSessionId }),
          close: (reason) => ws.close(1000, reason),
        });
        if (forget) ws.once('close', forget);
        filterConnection(ws, owner, options);
        server.webSocketServer.emit('connection', ws, req);
      }),
    // A restart or an upgrade: each viewer is told the service restarts (1012) before its guacd connection goes,
    // so it reconnects to the next proxy at once, and no end is read as the remote system's (nor reported).
    close: () => {
      for (const ws of server.webSocketServer.clients) ws.close(1012, 'service restart');
      server.close();
    },
  };
}
