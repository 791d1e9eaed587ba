/** One whole Guacamole instruction: its text as received, and its elements (opcode first). */
export interface Instruction {
  text: string;
  elements: string[];
}

/** Guacamole element text: `LEN.VALUE`, joined by `,`, ended by `;`. */
export const encodeInstruction = (...elements: string[]) => `${elements.map((element) => `${[...element].length}.${element}`).join(',')};`;

const HIGH_SURROGATE = /[\ud800-\udbff]/g;

/**
 * The index `count` characters after `start`. Guacamole lengths count Unicode code points; a JavaScript string
 * counts UTF-16 units, two for a character outside the first plane (an emoji in a file name).
 */
function advanceCodePoints(text: string, start: number, count: number): number {
  let end = start + count;
  let counted = start;
  for (;;) {
    const pairs = text.slice(counted, end).match(HIGH_SURROGATE)?.length ?? 0;
    if (pairs === 0) return end;
    counted = end;
    end += pairs;
  }
}

export class MalformedInstruction extends Error {}

/**
 * Splits a stream of Guacamole text into whole instructions, however it was chunked. Holds at most `maxPending`
 * characters of an unfinished instruction: beyond that the sender is broken or hostile, and `push` throws.
 */
export class InstructionReader {
  private pending = '';

  constructor(private readonly maxPending: number) {}

  push(chunk: string): Instruction[] {
    const text = this.pending + chunk;
    const instructions: Instruction[] = [];
    let start = 0;
    let cursor = 0;
    let elements: string[] = [];
    while (cursor < text.length) {
      const dot = text.indexOf('.', cursor);
      if (dot < 0) break;
      const length = Number(text.slice(cursor, dot));
      if (!Number.isInteger(length) || length < 0 || dot === cursor) throw new MalformedInstruction('malformed Guacamole instruction');
      const end = advanceCodePoints(text, dot + 1, length);
      if (end >= text.length) break;
      elements.push(text.slice(dot + 1, end));
      cursor = end + 1;
      if (text[end] === ';') {
        instructions.push({ text: text.slice(start, cursor), elements });
        start = cursor;
        elements = [];
      } else if (text[end] !== ',') {
        throw new MalformedInstruction('malformed Guacamole instruction');
      }
    }
    this.pending = text.slice(start);
    if (this.pending.length > this.maxPending) throw new MalformedInstruction(`an unfinished instruction over ${this.maxPending} characters`);
    return instructions;
  }
}
