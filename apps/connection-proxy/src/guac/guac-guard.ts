import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { ConnectionTokenError, openConnectionToken } from '@atrium/connection-token';
import type { Logger } from '@atrium/logging';
import { WebSocketServer, type WebSocket } from 'ws';
import { innerGuacamoleToken } from './inner-token';

export interface GuardDeps {
  key: string;
  publicOrigin: string;
  logger: Logger;
  /** Hands a verified connection to guacamole-lite; only ever called after every check passed. */
  accept: (req: IncomingMessage, socket: Duplex, head: Buffer, owner: { sessionId: string; authSessionId?: string }) => void;
}

/** Guacamole `error` instruction: message, then status code (0x0301 CLIENT_UNAUTHORIZED, 0x0303 CLIENT_FORBIDDEN). */
export const errorInstruction = (message: string, status: number) => `5.error,${message.length}.${message},${String(status).length}.${status};`;

const GUAC_PATH = /^\/guac\/?(\?.*)?$/;

/** The browser may choose its display size; guacamole-lite takes these from the query. */
const DISPLAY_PARAMS = ['width', 'height', 'dpi'];

/**
 * Checks every `/guac/` WebSocket before guacamole-lite sees it: Origin, then the connection token
 * (authentic, unexpired). A refused socket gets a Guacamole error and a close, and no guacd connection.
 * guacamole-lite 1.2.0 would throw (and die) on a bad token, or open guacd for one it rejects.
 */
export function guacUpgradeGuard(deps: GuardDeps) {
  const refusals = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  const refuse = (req: IncomingMessage, socket: Duplex, head: Buffer, reason: string, status: number) => {
    deps.logger.warn({ reason, origin: req.headers.origin }, 'remote connection refused');
    refusals.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      ws.send(errorInstruction(reason, status));
      ws.close(1008, 'refused');
    });
  };

  return (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    if (!GUAC_PATH.test(req.url ?? '')) return socket.destroy();
    if (req.headers.origin !== deps.publicOrigin) return refuse(req, socket, head, 'Origin not allowed', 0x0303);
    const url = new URL(req.url ?? '/', 'http://connection-proxy');
    try {
      const claims = openConnectionToken(url.searchParams.get('token'), deps.key);
      // guacamole-lite reads only this rebuilt token and the display size: nothing else from the browser's query.
      const display = DISPLAY_PARAMS.flatMap((name) => {
        const value = url.searchParams.get(name);
        return value && /^\d{2,5}$/.test(value) ? [`&${name}=${value}`] : [];
      });
      req.url = `/?token=${encodeURIComponent(innerGuacamoleToken(claims.connection, deps.key))}${display.join('')}`;
      deps.logger.info({ sessionId: claims.sid, protocol: claims.connection.type }, 'remote connection accepted');
      deps.accept(req, socket, head, { sessionId: claims.sid, ...(claims.asid && { authSessionId: claims.asid }) });
    } catch (error) {
      if (!(error instanceof ConnectionTokenError)) throw error;
      refuse(req, socket, head, error.message, 0x0301);
    }
  };
}
