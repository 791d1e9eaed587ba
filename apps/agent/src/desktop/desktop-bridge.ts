import type { Duplex } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ConnectTokenClaims } from '@atrium/contracts';
import type { Logger } from '@atrium/logging';
import { acceptClient, authenticateToServer, ByteReader, clientProtocol, PixelFormatState, ProtocolFilter, ProtocolFramer, serverProtocol } from '@atrium/rfb';
import type { SessionContainers } from '../sessions/session-containers';
import { DESKTOP_HANDSHAKE_MAX_BYTES, DesktopReads } from './desktop-reads';
import { DesktopToBrowser } from './desktop-to-browser';

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
 * framers that frame every message and apply the viewer's policy. Memory per connection is bounded by the
 * stream buffers and the largest WebSocket message: payloads stream through, they are never collected.
 *
 * The browser's side is a stream pipeline. The desktop's side, which carries nearly all the bytes, is read
 * into reused memory and relayed read by read (desktop-reads.ts, desktop-to-browser.ts).
 */
export async function bridgeDesktop(deps: BridgeDeps, claims: ConnectTokenClaims, browser: Duplex): Promise<void> {
  const reads = new DesktopReads();
  const vnc = await deps.containers.openDesktop(claims.sid, claims.own, reads.onread);
  const close = () => {
    vnc.socket.destroy();
    browser.destroy();
  };
  vnc.socket.once('close', close);
  browser.once('close', close);
  reads.onFailure = (error) => {
    deps.logger.warn({ sessionId: claims.sid, reason: error.message }, 'desktop stream ended: a read failed');
    close();
  };
  // Both handshake readers are bounded: neither side may make the agent hold more than a handshake's worth.
  const vncReader = new ByteReader(vnc.socket, { fed: true, maxBufferedBytes: DESKTOP_HANDSHAKE_MAX_BYTES });
  reads.handshakeWith(vncReader);
  const deadline = setTimeout(close, deps.limits.handshakeTimeoutMs);
  try {
    await handshakes(vnc, vncReader, browser);
  } finally {
    clearTimeout(deadline);
  }
  const full = claims.perm === 'full';
  const clipboard = { clipboardUp: full && claims.clip.up, clipboardDown: full && claims.clip.down, maxCutTextBytes: deps.limits.maxCutTextBytes };
  const pixelFormat = new PixelFormatState();
  const refused = (direction: string) => (reason: string) => deps.logger.info({ sessionId: claims.sid, direction, reason }, 'desktop message dropped');
  deps.logger.info({ sessionId: claims.sid, permission: claims.perm }, 'desktop connected');
  const ended = (error: Error | undefined) => {
    if (error && error.name !== 'AbortError' && !/premature close/i.test(error.message)) {
      deps.logger.warn({ sessionId: claims.sid, reason: error.message }, 'desktop stream ended by a protocol error');
    }
    close();
  };
  const fromBrowser = new ProtocolFilter(clientProtocol({ input: full, resize: full, ...clipboard }, pixelFormat, refused('up')));
  pipeline(browser, fromBrowser, vnc.socket).then(() => ended(undefined), ended);

  const toBrowser = new DesktopToBrowser(new ProtocolFramer(serverProtocol(clipboard, pixelFormat, refused('down'))), browser, ended);
  vnc.socket.once('error', ended);
  // The relay pauses reading when the browser's buffer is over its mark; its drain resumes it.
  browser.on('drain', () => vnc.socket.resume());
  if (!reads.relayTo((held) => toBrowser.relay(held), vncReader.release())) vnc.socket.pause();
}

/** Both RFB handshakes; bytes that arrived early from the browser go back to its stream, ahead of what follows. */
async function handshakes(vnc: { socket: Duplex; password: string }, vncReader: ByteReader, browser: Duplex): Promise<void> {
  await authenticateToServer(vnc.socket, vncReader, vnc.password);
  const browserReader = new ByteReader(browser, { maxBufferedBytes: DESKTOP_HANDSHAKE_MAX_BYTES });
  await acceptClient(browser, browserReader);
  const earlyFromBrowser = browserReader.release();
  if (earlyFromBrowser.length) browser.unshift(earlyFromBrowser);
}
