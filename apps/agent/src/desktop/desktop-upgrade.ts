import type { IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';
import { AGENT_DESKTOP_STREAM_PATTERN, CONNECT_TOKEN_HEADER, connectTokenClaimsSchema } from '@atrium/contracts';
import type { Logger } from '@atrium/logging';
import { createWebSocketStream, WebSocketServer } from 'ws';
import { verifyAgentToken } from '../auth/verify-token';
import { acceptClient, authenticateToServer, ByteReader, ClientMessageFilter } from '@atrium/rfb';
import { VNC_PORT, type SessionContainers } from '../sessions/session-containers';

export interface DesktopDeps {
  containers: SessionContainers;
  publicKey: string;
  publicOrigin: string;
  agentId: () => string | undefined;
  logger: Logger;
}

function refuse(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/**
 * Handles `GET /v1/desktop/<session>/websockify` upgrades from kasm_proxy: checks Origin and the connect
 * token before accepting the WebSocket, then bridges it to the session's VNC server.
 */
export function desktopUpgradeHandler(deps: DesktopDeps) {
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, handleProtocols: (protocols) => (protocols.has('binary') ? 'binary' : false) });

  return (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const sessionId = AGENT_DESKTOP_STREAM_PATTERN.exec(req.url ?? '')?.[1];
    if (!sessionId) return refuse(socket, 404, 'Not Found');
    if (req.headers.origin !== deps.publicOrigin) {
      deps.logger.warn({ sessionId, origin: req.headers.origin }, 'desktop refused: wrong origin');
      return refuse(socket, 403, 'Forbidden');
    }
    let claims;
    try {
      claims = verifyAgentToken(req.headers[CONNECT_TOKEN_HEADER] as string | undefined, deps.publicKey, deps.agentId(), connectTokenClaimsSchema);
      if (claims.sid !== sessionId) throw new Error('token is for another session');
    } catch (error) {
      deps.logger.warn({ sessionId, reason: (error as Error).message }, 'desktop refused: bad connect token');
      return refuse(socket, 401, 'Unauthorized');
    }
    const policy = { input: claims.perm === 'full', clipboard: claims.clip && claims.perm === 'full' };
    wss.handleUpgrade(req, socket, head, (ws) => {
      const browser = createWebSocketStream(ws);
      bridge(deps, sessionId, browser, policy).catch((error: Error) => {
        deps.logger.warn({ sessionId, reason: error.message }, 'desktop connection ended');
        browser.destroy();
      });
    });
  };
}

async function bridge(deps: DesktopDeps, sessionId: string, browser: Duplex, policy: { input: boolean; clipboard: boolean }): Promise<void> {
  const endpoint = await deps.containers.endpoint(sessionId);
  if (!endpoint) throw new Error('session has no running container');
  const vnc = connect({ host: endpoint.host, port: VNC_PORT });
  vnc.setNoDelay(true);
  const close = () => {
    vnc.destroy();
    browser.destroy();
  };
  vnc.once('close', close);
  browser.once('close', close);

  const vncReader = new ByteReader(vnc);
  await authenticateToServer(vnc, vncReader, endpoint.password);
  const browserReader = new ByteReader(browser);
  await acceptClient(browser, browserReader);

  const fromBrowser = browserReader.release();
  const fromVnc = vncReader.release();
  const filter = new ClientMessageFilter(policy);
  filter.on('error', close);
  if (fromVnc.length) browser.write(fromVnc);
  pipeAfterClientInit(browser, fromBrowser, vnc, filter);
  vnc.pipe(browser);
  vnc.resume();
  deps.logger.info({ sessionId, input: policy.input }, 'desktop connected');
}

/** The first client byte is ClientInit; every byte after it is a framed client message. */
function pipeAfterClientInit(browser: Duplex, early: Buffer, vnc: Duplex, filter: ClientMessageFilter): void {
  let sawClientInit = false;
  const forward = (chunk: Buffer) => {
    if (!sawClientInit && chunk.length > 0) {
      sawClientInit = true;
      vnc.write(chunk.subarray(0, 1));
      chunk = chunk.subarray(1);
    }
    if (chunk.length) filter.write(chunk);
  };
  filter.pipe(vnc);
  if (early.length) forward(early);
  browser.on('data', forward);
  browser.resume();
}
