import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { AGENT_DESKTOP_STREAM_PATTERN, CONNECT_TOKEN_HEADER, connectTokenClaimsSchema, type ConnectTokenClaims } from '@atrium/contracts';
import type { OpenStreams } from '@atrium/http';
import type { Logger } from '@atrium/logging';
import { createWebSocketStream, WebSocketServer } from 'ws';
import { verifyAgentToken } from '../auth/verify-token';
import type { SessionContainers } from '../sessions/session-containers';
import { bridgeDesktop, type BridgeLimits } from './desktop-bridge';

export interface DesktopDeps {
  containers: SessionContainers;
  streams: OpenStreams;
  publicKey: string;
  publicOrigin: string;
  agentId: () => string | undefined;
  logger: Logger;
  limits: BridgeLimits;
}

function refuse(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** The connect token, if it is valid for this agent and this session; undefined (and logged) otherwise. */
function verifiedClaims(deps: DesktopDeps, req: IncomingMessage, sessionId: string): ConnectTokenClaims | undefined {
  try {
    const claims = verifyAgentToken(req.headers[CONNECT_TOKEN_HEADER] as string | undefined, deps.publicKey, deps.agentId(), connectTokenClaimsSchema);
    if (claims.sid !== sessionId) throw new Error('token is for another session');
    return claims;
  } catch (error) {
    deps.logger.warn({ sessionId, reason: (error as Error).message }, 'desktop refused: bad connect token');
    return undefined;
  }
}

/**
 * Handles `GET /v1/desktop/<session>/websockify` upgrades from kasm_proxy: checks Origin and the connect
 * token before accepting the WebSocket, then bridges it to the session's VNC server. A WebSocket message is
 * at most `maxMessageBytes`: ws refuses a larger frame from its header, before reading it.
 */
export function desktopUpgradeHandler(deps: DesktopDeps) {
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: deps.limits.maxMessageBytes,
    handleProtocols: (protocols) => (protocols.has('binary') ? 'binary' : false),
  });

  return (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const sessionId = AGENT_DESKTOP_STREAM_PATTERN.exec(req.url ?? '')?.[1];
    if (!sessionId) return refuse(socket, 404, 'Not Found');
    if (req.headers.origin !== deps.publicOrigin) {
      deps.logger.warn({ sessionId, origin: req.headers.origin }, 'desktop refused: wrong origin');
      return refuse(socket, 403, 'Forbidden');
    }
    const claims = verifiedClaims(deps, req, sessionId);
    if (!claims) return refuse(socket, 401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => {
      const browser = createWebSocketStream(ws, { highWaterMark: deps.limits.bufferBytes });
      const forget = deps.streams.add({ sessionId, authSessionId: claims.asid, shareId: claims.shr, close: (reason) => ws.close(1000, reason) });
      ws.once('close', forget);
      bridgeDesktop(deps, claims, browser).catch((error: Error) => {
        deps.logger.warn({ sessionId, reason: error.message }, 'desktop connection ended');
        ws.terminate();
      });
    });
  };
}
