import { guacamoleStatusSentence } from '@atrium/contracts';
import { encodeInstruction, type Instruction } from './instructions';

/**
 * Watches what guacd sends a browser (through guacamole-lite): an `error` instruction gets a sentence a user
 * can act on in place of guacd's message for developers, with its status code kept; and the first `error` or
 * `disconnect` means the remote side ended the connection, which `ended` is told once, with the reason.
 */
export class GuacdOutput {
  private reported = false;

  constructor(private readonly ended: (reason: string) => void) {}

  /** The text to send on to the browser for one of guacd's instructions. */
  rewrite({ text, elements }: Instruction): string {
    const [opcode, message = '', status = ''] = elements;
    if (opcode === 'disconnect') this.report('The remote system closed the session.');
    if (opcode !== 'error') return text;
    const sentence = guacamoleStatusSentence(Number(status));
    this.report(sentence === message ? message : `${sentence} (${message})`);
    return encodeInstruction('error', sentence, status);
  }

  private report(reason: string): void {
    if (this.reported) return;
    this.reported = true;
    this.ended(reason);
  }
}
