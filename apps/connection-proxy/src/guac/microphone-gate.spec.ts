import { TRANSFER_CANCEL_OPCODE } from '@atrium/contracts';
import { encodeInstruction as encode, InstructionReader } from './instructions';
import { MicrophoneGate } from './microphone-gate';

const MIMETYPE = 'audio/L16;rate=44100,channels=2';
const one = (...elements: string[]) => new InstructionReader(1 << 16).push(encode(...elements))[0]!;

describe('MicrophoneGate', () => {
  it('should refuse the microphone itself when the policy does not allow it, and drop what the browser sends after', () => {
    const gate = new MicrophoneGate(false);
    expect(gate.fromBrowser(one('audio', '4', MIMETYPE))).toEqual({
      toGuacd: '',
      toBrowser: encode('ack', '4', 'The microphone is turned off by your policy.', String(0x0303)),
    });
    expect(gate.fromBrowser(one('blob', '4', 'AAAA'))).toEqual({ toGuacd: '', toBrowser: '' });
  });

  it('should pass an allowed microphone on, and end it towards guacd when the browser turns it off', () => {
    const gate = new MicrophoneGate(true);
    expect(gate.fromBrowser(one('audio', '4', MIMETYPE))).toEqual({ toGuacd: encode('audio', '4', MIMETYPE), toBrowser: '' });
    expect(gate.fromBrowser(one('blob', '4', 'AAAA'))).toBeUndefined();
    expect(gate.fromBrowser(one(TRANSFER_CANCEL_OPCODE, '4'))).toEqual({
      toGuacd: encode('end', '4'),
      toBrowser: encode('ack', '4', 'The microphone is off.', String(0x0202)),
    });
    expect(gate.fromBrowser(one('blob', '4', 'AAAA'))).toEqual({ toGuacd: '', toBrowser: '' });
    // The index opens a new stream later: the gate decides again.
    expect(gate.fromBrowser(one('audio', '4', MIMETYPE))?.toGuacd).toContain('audio');
  });

  it('should leave every other instruction to the next check', () => {
    const gate = new MicrophoneGate(false);
    expect(gate.fromBrowser(one('put', '1', '2', 'text/plain', '/a'))).toBeUndefined();
    expect(gate.fromBrowser(one(TRANSFER_CANCEL_OPCODE, '2'))).toBeUndefined();
  });
});
