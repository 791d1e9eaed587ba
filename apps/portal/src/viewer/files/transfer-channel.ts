import { TRANSFER_CANCEL_OPCODE, TRANSFER_REFUSED_OPCODE } from '@atrium/contracts';
import type Guacamole from 'guacamole-common-js';

/**
 * What the connection proxy says about file streams, beside guacamole-common-js's own reading of the tunnel: a
 * stream it stopped (the policy's direction, a size limit) and why, and the way to abandon an upload (the
 * Guacamole protocol can only end a stream as complete).
 */
export class TransferChannel {
  private readonly waiting = new Map<number, (message: string) => void>();

  /** Wraps the handler Guacamole.Client's constructor put on the tunnel: create the client first. */
  constructor(private readonly tunnel: Guacamole.Tunnel) {
    const clientHandler = tunnel.oninstruction;
    tunnel.oninstruction = (opcode, args) => {
      if (opcode !== TRANSFER_REFUSED_OPCODE) return clientHandler?.(opcode, args);
      const [stream, , message] = args.map(String);
      this.waiting.get(Number(stream))?.(message ?? 'The transfer was refused.');
    };
  }

  /** Calls `refused` with the proxy's sentence if it stops this stream; returns the way to stop listening. */
  onRefused(stream: number, refused: (message: string) => void): () => void {
    this.waiting.set(stream, refused);
    return () => this.waiting.delete(stream);
  }

  /** Abandons a stream the browser sends: an upload, or the microphone. */
  cancelStream(stream: number): void {
    this.tunnel.sendMessage(TRANSFER_CANCEL_OPCODE, stream);
  }
}
