import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { ConnectionTokenError, openConnectionToken } from '@atrium/connection-token';
import type { ConnectionTokenClaims } from '@atrium/contracts';
import type { Logger } from '@atrium/logging';
import { WebSocketServer, type WebSocket } from 'ws';
import { driveSettings } from '../files/session-drives';
import type { ConnectionOwner } from './guacamole-server';
import { innerGuacamoleToken } from './inner-token';

export interface GuardDeps {
  key: string;
  publicOrigin: string;
  logger: Logger;
  /** Where an RDP session's drive folder is (the drives volume, shared with guacd). */
  drivePath: (sessionId: string) => string;
  /** Hands a verified connection to guacamole-lite; only ever called after every check passed. */
  accept: (req: IncomingMessage, socket: Duplex, head: Buffer, owner: ConnectionOwner) => void;
}

/** Guacamole `error` instruction: message, then status code (0x0301 CLIENT_UNAUTHORIZED, 0x0303 CLIENT_FORBIDDEN). */
export const errorInstruction = (message: string, status: number) => `5.error,${message.length}.${message},${String(status).length}.${status};`;

const GUAC_PATH = /^\/guac\/?(\?.*)?$/;

/** The browser may choose its display size; guacamole-lite takes these from the query. */
const DISPLAY_PARAMS = ['width', 'height', 'dpi'];

/**
 * guacd's settings for the connection: an RDP session whose policy lets files cross in either direction gets a
 * drive in its own folder (the connection proxy governs each direction on the streams; guacd 1.3 cannot).
 */
function guacdConnection(claims: ConnectionTokenClaims, drivePath: (sessionId: string) => string): ConnectionTokenClaims['connection'] {
  const { type, settings, files } = claims.connection;
  if (type !== 'rdp' || !(files?.upload || files?.download)) return { type, settings };
  return { type, settings: { ...settings, ...driveSettings(drivePath(claims.sid)) } };
}

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
      req.url = `/?token=${encodeURIComponent(innerGuacamoleToken(guacdConnection(claims, deps.drivePath), deps.key))}${display.join('')}`;
      deps.logger.info({ sessionId: claims.sid, protocol: claims.connection.type }, 'remote connection accepted');
      const owner = {
        sessionId: claims.sid,
        ...(claims.asid && { authSessionId: claims.asid }),
        ...(claims.connection.files && { files: claims.connection.files }),
        ...(claims.connection.microphone && { microphone: true }),
      };
      deps.accept(req, socket, head, owner);
    } catch (error) {
      if (!(error instanceof ConnectionTokenError)) throw error;
      refuse(req, socket, head, error.message, 0x0301);
    }
  };
}
