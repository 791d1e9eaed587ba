import { RfbViewer } from '@atrium/testing';
import WebSocket, { createWebSocketStream } from 'ws';
import { E2E_HOSTNAME, E2E_HTTPS_PORT } from './stack-settings';
import { generatedCertificate } from './stack';

/**
 * Opens wss://HOST/desktop/<id>/websockify as a browser would (cookie, Origin) and returns an RFB viewer
 * on it (another stack's: its port and certificate); rejects with the HTTP status when the proxy or the agent
 * refuses the WebSocket.
 */
export function openDesktop(sessionId: string, options: { cookie?: string; origin?: string; port?: number; ca?: string }): Promise<RfbViewer> {
  const port = options.port ?? E2E_HTTPS_PORT;
  const ws = new WebSocket(`wss://${E2E_HOSTNAME}:${port}/desktop/${sessionId}/websockify`, ['binary'], {
    ca: options.ca ?? generatedCertificate(),
    headers: { ...(options.cookie && { cookie: options.cookie }) },
    origin: options.origin ?? `https://${E2E_HOSTNAME}:${port}`,
  });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(new RfbViewer(createWebSocketStream(ws))));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}
