import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import {
  AGENT_DESKTOP_AUDIO_PATTERN,
  AGENT_DESKTOP_STREAM_PATTERN,
  CONNECT_TOKEN_HEADER,
  connectTokenClaimsSchema,
  MICROPHONE_IN,
  type ConnectTokenClaims,
} from '@atrium/contracts';
import type { OpenStreams } from '@atrium/http';
import type { Logger } from '@atrium/logging';
import { createWebSocketStream, WebSocketServer, type WebSocket } from 'ws';
import { bridgeAudio } from '../audio/audio-bridge';
import type { WorkspaceSound } from '../audio/workspace-sound';
import { verifyAgentToken } from '../auth/verify-token';
import type { SessionContainers } from '../sessions/session-containers';
import { trackStream } from '../metrics/stream-metrics';
import { bridgeDesktop, type BridgeLimits } from './desktop-bridge';

export interface DesktopDeps {
  containers: SessionContainers;
  sound: WorkspaceSound;
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

/** Which stream an upgrade is for, by its path: a session's desktop (RFB) or its sound. */
function streamOf(url: string): { kind: 'desktop' | 'audio'; sessionId: string } | undefined {
  const desktop = AGENT_DESKTOP_STREAM_PATTERN.exec(url)?.[1];
  if (desktop) return { kind: 'desktop', sessionId: desktop };
  const audio = AGENT_DESKTOP_AUDIO_PATTERN.exec(url)?.[1];
  return audio ? { kind: 'audio', sessionId: audio } : undefined;
}

/**
 * Handles `GET /v1/desktop/<session>/websockify` and `…/audio` upgrades from kasm_proxy: checks Origin and the
 * connect token (for sound: that it lets this viewer hear) before accepting the WebSocket, then bridges it to the
 * session's VNC server or sound server. A WebSocket message is at most `maxMessageBytes` (a microphone packet,
 * far less): ws refuses a larger frame from its header, before reading it.
 */
export function desktopUpgradeHandler(deps: DesktopDeps) {
  const desktopServer = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: deps.limits.maxMessageBytes,
    handleProtocols: (protocols) => (protocols.has('binary') ? 'binary' : false),
  });
  const audioServer = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: MICROPHONE_IN.maxPacketBytes });

  return (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const stream = streamOf(req.url ?? '');
    if (!stream) return refuse(socket, 404, 'Not Found');
    const { sessionId } = stream;
    if (req.headers.origin !== deps.publicOrigin) {
      deps.logger.warn({ sessionId, origin: req.headers.origin }, 'desktop refused: wrong origin');
      return refuse(socket, 403, 'Forbidden');
    }
    const claims = verifiedClaims(deps, req, sessionId);
    if (!claims) return refuse(socket, 401, 'Unauthorized');
    if (stream.kind === 'audio') {
      if (!claims.snd.out) return refuse(socket, 403, 'Forbidden');
      return audioServer.handleUpgrade(req, socket, head, (ws) => {
        trackStream('audio', socket as Socket);
        acceptAudio(deps, claims, ws);
      });
    }
    desktopServer.handleUpgrade(req, socket, head, (ws) => {
      trackStream('desktop', socket as Socket);
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

function acceptAudio(deps: DesktopDeps, claims: ConnectTokenClaims, ws: WebSocket): void {
  const forget = deps.streams.add({ sessionId: claims.sid, authSessionId: claims.asid, shareId: claims.shr, close: (reason) => ws.close(1000, reason) });
  ws.once('close', forget);
  bridgeAudio({ sound: deps.sound, logger: deps.logger }, claims, ws).catch((error: Error) => {
    deps.logger.warn({ sessionId: claims.sid, reason: error.message }, 'sound connection ended');
    ws.close(1011, 'the session has no sound');
  });
}
