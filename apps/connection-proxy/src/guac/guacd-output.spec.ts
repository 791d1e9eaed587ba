import { GuacdOutput } from './guacd-output';
import { encodeInstruction as encode, InstructionReader } from './instructions';

function watch() {
  const reasons: string[] = [];
  const output = new GuacdOutput((reason) => reasons.push(reason));
  const reader = new InstructionReader(1 << 20);
  return {
    reasons,
    process: (chunk: string) =>
      reader
        .push(chunk)
        .map((instruction) => output.rewrite(instruction))
        .join(''),
  };
}

describe('GuacdOutput', () => {
  it('should pass drawing through unchanged', () => {
    const { process, reasons } = watch();
    const stream = encode('size', '0', '1024', '768') + encode('sync', '1234') + encode('img', '1', 'image/png', '14', '0', '0');
    expect(process(stream)).toBe(stream);
    expect(reasons).toEqual([]);
  });

  it('should put a sentence in place of guacd error messages, keep the code, and report the end once', () => {
    const { process, reasons } = watch();
    const error = encode('error', 'Security negotiation failed (wrong security type?)', '769');
    expect(process(error.slice(0, 11)) + process(error.slice(11) + encode('disconnect'))).toBe(
      encode('error', 'The remote system refused the sign-in: check the username and password, and the security mode.', '769') + encode('disconnect'),
    );
    expect(reasons).toEqual([
      'The remote system refused the sign-in: check the username and password, and the security mode. (Security negotiation failed (wrong security type?))',
    ]);
  });

  it('should report a remote system that closed the session', () => {
    const { process, reasons } = watch();
    process(encode('sync', '1') + encode('disconnect'));
    expect(reasons).toEqual(['The remote system closed the session.']);
  });
});
