import WebSocket, { createWebSocketStream } from 'ws';
import { E2E_HOSTNAME, E2E_HTTPS_PORT } from './stack-settings';
import { generatedCertificate } from './stack';

export interface ServerInit {
  width: number;
  height: number;
  name: string;
}

/** Minimal RFB 3.8 client over the stack's WebSocket, as the browser would be: enough to see and type. */
export class RfbClient {
  private buffer: Buffer = Buffer.alloc(0);
  private waiter?: () => void;
  private closed = false;

  private constructor(private readonly ws: WebSocket) {
    const stream = createWebSocketStream(ws);
    stream.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.waiter?.();
    });
    stream.on('error', () => undefined);
    ws.on('close', () => {
      this.closed = true;
      this.waiter?.();
    });
  }

  /** Opens wss://HOST/desktop/<id>/websockify with the session cookie; rejects with the HTTP status if refused. */
  static open(sessionId: string, options: { cookie?: string; origin?: string }): Promise<RfbClient> {
    const ws = new WebSocket(`wss://${E2E_HOSTNAME}:${E2E_HTTPS_PORT}/desktop/${sessionId}/websockify`, ['binary'], {
      ca: generatedCertificate(),
      headers: { ...(options.cookie && { cookie: options.cookie }) },
      origin: options.origin ?? `https://${E2E_HOSTNAME}:${E2E_HTTPS_PORT}`,
    });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new RfbClient(ws)));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  async read(size: number, timeoutMs = 10_000): Promise<Buffer> {
    const deadline = Date.now() + timeoutMs;
    while (this.buffer.length < size) {
      if (this.closed) throw new Error('connection closed');
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${size} bytes`);
      await new Promise<void>((resolve) => {
        this.waiter = resolve;
        setTimeout(resolve, 200);
      });
    }
    const bytes = this.buffer.subarray(0, size);
    this.buffer = this.buffer.subarray(size);
    return bytes;
  }

  send(bytes: Buffer): void {
    this.ws.send(bytes);
  }

  /** Version, security (expects the agent to offer None only), ClientInit, ServerInit. */
  async handshake(): Promise<ServerInit & { securityTypes: number[] }> {
    const version = (await this.read(12)).toString('latin1');
    if (version !== 'RFB 003.008\n') throw new Error(`unexpected version ${version}`);
    this.send(Buffer.from('RFB 003.008\n', 'latin1'));
    const count = (await this.read(1)).readUInt8(0);
    const securityTypes = [...(await this.read(count))];
    this.send(Buffer.from([1]));
    if ((await this.read(4)).readUInt32BE(0) !== 0) throw new Error('security failed');
    this.send(Buffer.from([1])); // ClientInit, shared
    const init = await this.read(24);
    const name = (await this.read(init.readUInt32BE(20))).toString('utf8');
    return { width: init.readUInt16BE(0), height: init.readUInt16BE(2), name, securityTypes };
  }

  /** Asks for the whole screen in raw encoding and waits for the FramebufferUpdate header. */
  async firstFramebufferUpdate(width: number, height: number): Promise<number> {
    this.send(Buffer.from([2, 0, 0, 1, 0, 0, 0, 0])); // SetEncodings: raw
    const request = Buffer.alloc(10);
    request.writeUInt8(3, 0);
    request.writeUInt16BE(width, 6);
    request.writeUInt16BE(height, 8);
    this.send(request);
    const header = await this.read(4, 15_000);
    if (header.readUInt8(0) !== 0) throw new Error(`expected FramebufferUpdate, got message ${header.readUInt8(0)}`);
    return header.readUInt16BE(2);
  }

  /** Moves the pointer to (x, y) and clicks the left button there. */
  click(x: number, y: number): void {
    for (const buttons of [0, 1, 0]) {
      const event = Buffer.alloc(6);
      event.writeUInt8(5, 0);
      event.writeUInt8(buttons, 1);
      event.writeUInt16BE(x, 2);
      event.writeUInt16BE(y, 4);
      this.send(event);
    }
  }

  /** Types text with KeyEvents (printable ASCII keysyms equal their code points), then Return. */
  type(text: string): void {
    const keysyms = [...text].map((char) => char.charCodeAt(0)).concat(0xff0d);
    for (const keysym of keysyms) {
      for (const down of [1, 0]) {
        const event = Buffer.alloc(8);
        event.writeUInt8(4, 0);
        event.writeUInt8(down, 1);
        event.writeUInt32BE(keysym, 4);
        this.send(event);
      }
    }
  }

  close(): void {
    this.ws.close();
  }
}
