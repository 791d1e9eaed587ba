import WebSocket from 'ws';
import { generatedCertificate } from './stack';
import { E2E_HOSTNAME, E2E_HTTPS_PORT } from './stack-settings';

export type Instruction = [opcode: string, ...args: string[]];

/** Parses `LEN.VALUE,LEN.VALUE;` instructions (lengths count characters). */
export function parseInstructions(buffer: string): { instructions: Instruction[]; rest: string } {
  const instructions: Instruction[] = [];
  let position = 0;
  for (;;) {
    const elements: string[] = [];
    let cursor = position;
    let complete = false;
    while (cursor < buffer.length) {
      const dot = buffer.indexOf('.', cursor);
      if (dot < 0) break;
      const length = Number(buffer.slice(cursor, dot));
      const end = dot + 1 + length;
      if (end >= buffer.length) break;
      elements.push(buffer.slice(dot + 1, end));
      cursor = end + 1;
      if (buffer[end] === ';') {
        complete = true;
        break;
      }
    }
    if (!complete) break;
    instructions.push(elements as Instruction);
    position = cursor;
  }
  return { instructions, rest: buffer.slice(position) };
}

/** Instructions that draw on the display. */
const DRAWING = new Set(['img', 'png', 'jpeg', 'blob', 'rect', 'cfill', 'copy', 'line', 'arc', 'cursor']);

const encode = (...elements: string[]) => `${elements.map((element) => `${element.length}.${element}`).join(',')};`;

/** A Guacamole client as the browser's guacamole-common-js would be: answers syncs, sends keys. */
export class GuacamoleTestClient {
  readonly received: Instruction[] = [];
  private buffer = '';
  closed = false;

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const { instructions, rest } = parseInstructions(this.buffer + String(data));
      this.buffer = rest;
      for (const instruction of instructions) {
        this.received.push(instruction);
        if (instruction[0] === 'sync') ws.send(encode('sync', instruction[1] ?? '0'));
      }
    });
    ws.on('close', () => (this.closed = true));
  }

  /** Through the e2e stack's front door, or another stack's (its port and certificate). */
  static open(connectUrl: string, cookie: string, stack: { port: number; ca?: string } = { port: E2E_HTTPS_PORT }): Promise<GuacamoleTestClient> {
    const url = `wss://${E2E_HOSTNAME}:${stack.port}${connectUrl}&width=1024&height=768&dpi=96`;
    const ws = new WebSocket(url, {
      ca: stack.ca ?? generatedCertificate(),
      headers: { cookie },
      origin: `https://${E2E_HOSTNAME}${stack.port === 443 ? '' : `:${stack.port}`}`,
    });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new GuacamoleTestClient(ws)));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  /** Resolves with the first received instruction whose opcode is one of `opcodes`. */
  async waitFor(opcodes: string[], timeoutMs = 10_000): Promise<Instruction> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.find((instruction) => opcodes.includes(instruction[0]));
      if (found) return found;
      if (this.closed || Date.now() > deadline) {
        throw new Error(
          `no ${opcodes.join('/')} within ${timeoutMs} ms; got ${this.received
            .slice(0, 8)
            .map((i) => i.join(' ').slice(0, 80))
            .join(' | ')}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** The first instruction with this opcode about this stream (its first element), once it arrived. */
  async answer(opcode: string, stream: string, match: (instruction: Instruction) => boolean = () => true, timeoutMs = 20_000): Promise<Instruction> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.find((instruction) => instruction[0] === opcode && instruction[1] === stream && match(instruction));
      if (found) return found;
      if (this.closed || Date.now() > deadline) throw new Error(`no ${opcode} for stream ${stream} within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /**
   * The connection works: guacamole-lite's connection-id instruction, then drawing instructions and at least
   * two syncs, and no `error` instruction for `quietMs` after that. guacd may draw a frame and then fail (the
   * RDP security negotiation did), so one image proves nothing.
   */
  async expectWorking(options: { timeoutMs?: number; quietMs?: number } = {}): Promise<void> {
    const { timeoutMs = 15_000, quietMs = 3_000 } = options;
    const deadline = Date.now() + timeoutMs;
    const drawn = () => this.received.some((instruction) => DRAWING.has(instruction[0]));
    const syncs = () => this.received.filter((instruction) => instruction[0] === 'sync').length;
    while (!(drawn() && syncs() >= 2)) {
      this.throwOnError();
      if (this.closed || Date.now() > deadline) throw new Error(`no frames within ${timeoutMs} ms; got ${this.summary()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const quietUntil = Date.now() + quietMs;
    while (Date.now() < quietUntil) {
      this.throwOnError();
      if (this.closed) throw new Error(`closed while drawing; got ${this.summary()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** The `error` instruction guacd sent, if any: [message, status code]. */
  get error(): [string, number] | undefined {
    const found = this.received.find((instruction) => instruction[0] === 'error');
    return found && [found[1] ?? '', Number(found[2])];
  }

  /** Sends one instruction as a browser's guacamole-common-js would. */
  send(...elements: string[]): void {
    this.ws.send(encode(...elements));
  }

  /** Sends the viewer's size (what guacamole-common-js does when the window is resized). */
  sendSize(width: number, height: number): void {
    this.ws.send(encode('size', String(width), String(height)));
  }

  /** The size of the default layer (0) that guacd last announced. */
  get displaySize(): [number, number] | undefined {
    const last = this.received.filter((instruction) => instruction[0] === 'size' && instruction[1] === '0').pop();
    return last && [Number(last[2]), Number(last[3])];
  }

  private throwOnError(): void {
    const error = this.error;
    if (error) throw new Error(`guacd error ${error[1]}: ${error[0]}`);
  }

  private summary(): string {
    return this.received
      .slice(0, 8)
      .map((i) => i.join(' ').slice(0, 80))
      .join(' | ');
  }

  type(text: string): void {
    const keysyms = [...text].map((char) => char.charCodeAt(0)).concat(0xff0d);
    for (const keysym of keysyms) for (const pressed of ['1', '0']) this.ws.send(encode('key', String(keysym), pressed));
  }

  close(): void {
    this.ws.close();
  }
}
