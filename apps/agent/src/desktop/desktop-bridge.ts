import type { Duplex } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ConnectTokenClaims } from '@atrium/contracts';
import type { Logger } from '@atrium/logging';
import { acceptClient, authenticateToServer, ByteReader, clientProtocol, PixelFormatState, ProtocolFilter, serverProtocol } from '@atrium/rfb';
import type { SessionContainers } from '../sessions/session-containers';

export interface BridgeLimits {
  /** Largest WebSocket message a browser may send. */
  maxMessageBytes: number;
  /** Clipboard text longer than this is dropped as it streams. */
  maxCutTextBytes: number;
  /** Both RFB handshakes must be done within this long. */
  handshakeTimeoutMs: number;
  /** Buffer of each direction of the stream (backpressure starts above it). */
  bufferBytes: number;
}

export interface BridgeDeps {
  containers: SessionContainers;
  logger: Logger;
  limits: BridgeLimits;
}

/**
 * Bridges one browser to the session's VNC server: VncAuth with the session's password towards the desktop,
 * security None towards the browser (the control plane authorised it), then RFB in both directions through
 * filters that frame every message and apply the viewer's policy. Memory per connection is bounded by the
 * stream buffers and the largest WebSocket message: payloads stream through, they are never collected.
 */
export async function bridgeDesktop(deps: BridgeDeps, claims: ConnectTokenClaims, browser: Duplex): Promise<void> {
  const vnc = await deps.containers.openDesktop(claims.sid, claims.own);
  const close = () => {
    vnc.socket.destroy();
    browser.destroy();
  };
  vnc.socket.once('close', close);
  browser.once('close', close);
  const deadline = setTimeout(close, deps.limits.handshakeTimeoutMs);
  try {
    await handshakes(vnc, browser);
  } finally {
    clearTimeout(deadline);
  }
  const full = claims.perm === 'full';
  const clipboard = { clipboardUp: full && claims.clip.up, clipboardDown: full && claims.clip.down, maxCutTextBytes: deps.limits.maxCutTextBytes };
  const pixelFormat = new PixelFormatState();
  const refused = (direction: string) => (reason: string) => deps.logger.info({ sessionId: claims.sid, direction, reason }, 'desktop message dropped');
  const fromBrowser = new ProtocolFilter(clientProtocol({ input: full, resize: full, ...clipboard }, pixelFormat, refused('up')));
  const fromDesktop = new ProtocolFilter(serverProtocol(clipboard, pixelFormat, refused('down')));
  deps.logger.info({ sessionId: claims.sid, permission: claims.perm }, 'desktop connected');
  const ended = (error: Error | undefined) => {
    if (error && error.name !== 'AbortError' && !/premature close/i.test(error.message)) {
      deps.logger.warn({ sessionId: claims.sid, reason: error.message }, 'desktop stream ended by a protocol error');
    }
    close();
  };
  pipeline(browser, fromBrowser, vnc.socket).then(() => ended(undefined), ended);
  pipeline(vnc.socket, fromDesktop, browser).then(() => ended(undefined), ended);
}

/** Both RFB handshakes; bytes that arrived early go back to their stream, ahead of what follows. */
async function handshakes(vnc: { socket: Duplex; password: string }, browser: Duplex): Promise<void> {
  const vncReader = new ByteReader(vnc.socket);
  await authenticateToServer(vnc.socket, vncReader, vnc.password);
  const browserReader = new ByteReader(browser);
  await acceptClient(browser, browserReader);
  const earlyFromDesktop = vncReader.release();
  const earlyFromBrowser = browserReader.release();
  if (earlyFromDesktop.length) vnc.socket.unshift(earlyFromDesktop);
  if (earlyFromBrowser.length) browser.unshift(earlyFromBrowser);
}
