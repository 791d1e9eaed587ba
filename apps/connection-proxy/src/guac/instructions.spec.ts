import { encodeInstruction, InstructionReader, MalformedInstruction } from './instructions';

describe('InstructionReader', () => {
  it('should give whole instructions whatever the chunking, holding the unfinished rest', () => {
    const reader = new InstructionReader(1024);
    const text = encodeInstruction('size', '0', '1024', '768') + encodeInstruction('sync', '1234');
    const seen = [text.slice(0, 7), text.slice(7, 30), text.slice(30)].flatMap((chunk) => reader.push(chunk));
    expect(seen.map((instruction) => instruction.elements)).toEqual([
      ['size', '0', '1024', '768'],
      ['sync', '1234'],
    ]);
    expect(seen.map((instruction) => instruction.text).join('')).toBe(text);
  });

  it('should count lengths in characters, as guacd does, for names outside the first plane', () => {
    const text = encodeInstruction('put', '1', '2', 'application/octet-stream', '/tmp/😀 report.txt');
    expect(text).toContain('17./tmp/😀 report.txt');
    expect(new InstructionReader(1024).push(text)[0].elements[4]).toBe('/tmp/😀 report.txt');
  });

  it('should refuse text that is not Guacamole instructions', () => {
    expect(() => new InstructionReader(1024).push('7.error,x3.769;')).toThrow(MalformedInstruction);
    expect(() => new InstructionReader(1024).push('-1.x;')).toThrow(MalformedInstruction);
  });

  it('should refuse an unfinished instruction longer than its bound', () => {
    const reader = new InstructionReader(100);
    expect(reader.push(`4.blob,1.1,500.${'A'.repeat(50)}`)).toEqual([]);
    expect(() => reader.push('A'.repeat(60))).toThrow('over 100 characters');
  });
});
