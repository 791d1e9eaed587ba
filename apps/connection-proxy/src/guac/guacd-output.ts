import { guacamoleStatusSentence } from '@atrium/contracts';

/** One whole instruction: its text as received, and its elements (opcode first). */
interface Instruction {
  text: string;
  elements: string[];
}

/** Splits `LEN.VALUE,LEN.VALUE;` text into whole instructions and the incomplete rest. */
function splitInstructions(text: string): { instructions: Instruction[]; rest: string } {
  const instructions: Instruction[] = [];
  let start = 0;
  let cursor = 0;
  let elements: string[] = [];
  while (cursor < text.length) {
    const dot = text.indexOf('.', cursor);
    if (dot < 0) break;
    const end = dot + 1 + Number(text.slice(cursor, dot));
    if (!Number.isInteger(end) || end >= text.length) break;
    elements.push(text.slice(dot + 1, end));
    cursor = end + 1;
    if (text[end] === ';') {
      instructions.push({ text: text.slice(start, cursor), elements });
      start = cursor;
      elements = [];
    } else if (text[end] !== ',') {
      throw new Error('malformed Guacamole instruction from guacd');
    }
  }
  return { instructions, rest: text.slice(start) };
}

const encode = (...elements: string[]) => `${elements.map((element) => `${element.length}.${element}`).join(',')};`;

/** Beyond this, an unfinished instruction is passed on as it is and watching stops (guacd sends far less). */
const MAX_PENDING = 8 * 1024 * 1024;

/**
 * Watches what guacd sends a browser (through guacamole-lite): an `error` instruction gets a sentence a user
 * can act on in place of guacd's message for developers, with its status code kept; and the first `error` or
 * `disconnect` means the remote side ended the connection, which `ended` is told once, with the reason.
 */
export class GuacdOutput {
  private pending = '';
  private watching = true;
  private reported = false;

  constructor(private readonly ended: (reason: string) => void) {}

  /** The text to send on to the browser for `chunk`; an unfinished instruction waits for the next chunk. */
  process(chunk: string): string {
    if (!this.watching) return chunk;
    const { instructions, rest } = splitInstructions(this.pending + chunk);
    this.pending = rest;
    const out = instructions.map((instruction) => this.rewrite(instruction)).join('');
    if (this.pending.length <= MAX_PENDING) return out;
    this.watching = false;
    const held = this.pending;
    this.pending = '';
    return out + held;
  }

  private rewrite({ text, elements }: Instruction): string {
    const [opcode, message = '', status = ''] = elements;
    if (opcode === 'disconnect') this.report('The remote system closed the session.');
    if (opcode !== 'error') return text;
    const sentence = guacamoleStatusSentence(Number(status));
    this.report(sentence === message ? message : `${sentence} (${message})`);
    return encode('error', sentence, status);
  }

  private report(reason: string): void {
    if (this.reported) return;
    this.reported = true;
    this.ended(reason);
  }
}
