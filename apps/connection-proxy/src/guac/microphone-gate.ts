import { TRANSFER_CANCEL_OPCODE } from '@atrium/contracts';
import type { Routed } from '../files/remote-transfer-guard';
import { encodeInstruction, type Instruction } from './instructions';

/** Guacamole status codes: not allowed; the stream was closed (guacamole-common-js's recorder then stops). */
const FORBIDDEN = 0x0303;
const RESOURCE_CLOSED = 0x0202;

/**
 * The browser's microphone on a remote connection: its `audio` streams reach guacd only when the policy allows
 * the microphone (`allow_kasm_microphone`, sealed in the token); otherwise the proxy refuses them itself, whatever
 * guacd would take. The browser turns the microphone off with `atrium-cancel`: the stream ends towards guacd and
 * the browser's recorder is told it closed (guacamole-common-js has no other way to stop it).
 */
export class MicrophoneGate {
  private readonly open = new Set<string>();
  private readonly closed = new Set<string>();

  constructor(private readonly allowed: boolean) {}

  /** What becomes of a browser instruction that concerns the microphone; undefined for every other. */
  fromBrowser(instruction: Instruction): Routed | undefined {
    const [opcode = '', stream = ''] = instruction.elements;
    if (opcode === 'audio') return this.openStream(instruction, stream);
    if (this.closed.has(stream) && (opcode === 'blob' || opcode === 'end')) return { toGuacd: '', toBrowser: '' };
    if (opcode === TRANSFER_CANCEL_OPCODE && this.open.has(stream)) {
      this.open.delete(stream);
      this.closed.add(stream);
      return { toGuacd: encodeInstruction('end', stream), toBrowser: encodeInstruction('ack', stream, 'The microphone is off.', String(RESOURCE_CLOSED)) };
    }
    if (opcode === 'end') this.open.delete(stream);
    return undefined;
  }

  private openStream(instruction: Instruction, stream: string): Routed {
    this.closed.delete(stream);
    if (!this.allowed) {
      this.closed.add(stream);
      return { toGuacd: '', toBrowser: encodeInstruction('ack', stream, 'The microphone is turned off by your policy.', String(FORBIDDEN)) };
    }
    this.open.add(stream);
    return { toGuacd: instruction.text, toBrowser: '' };
  }
}
