import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '@atrium/logging';
import type { SessionStreams } from './session-streams';
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
export function createGuacamoleServer(guacd: { host: string; port: number }, key: string, logger: Logger, streams?: SessionStreams) {
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
    accept: (req: IncomingMessage, socket: Duplex, head: Buffer, sessionId: string) =>
      server.webSocketServer.handleUpgrade(req, socket, head, (ws) => {
        streams?.add(sessionId, ws);
        server.webSocketServer.emit('connection', ws, req);
      }),
    close: () => server.close(),
  };
}
