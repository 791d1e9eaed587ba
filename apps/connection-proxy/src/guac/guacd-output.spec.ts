import { GuacdOutput } from './guacd-output';

const encode = (...elements: string[]) => `${elements.map((element) => `${element.length}.${element}`).join(',')};`;

function watch() {
  const reasons: string[] = [];
  return { reasons, output: new GuacdOutput((reason) => reasons.push(reason)) };
}

describe('GuacdOutput', () => {
  it('should pass drawing through unchanged, whatever the chunking', () => {
    const { output, reasons } = watch();
    const stream = encode('size', '0', '1024', '768') + encode('sync', '1234') + encode('img', '1', 'image/png', '14', '0', '0');
    const pieces = [stream.slice(0, 5), stream.slice(5, 23), stream.slice(23)];
    expect(pieces.map((piece) => output.process(piece)).join('')).toBe(stream);
    expect(reasons).toEqual([]);
  });

  it('should put a sentence in place of guacd error messages, keep the code, and report the end once', () => {
    const { output, reasons } = watch();
    const error = encode('error', 'Security negotiation failed (wrong security type?)', '769');
    expect(output.process(error.slice(0, 11)) + output.process(error.slice(11) + encode('disconnect'))).toBe(
      encode('error', 'The remote system refused the sign-in: check the username and password, and the security mode.', '769') + encode('disconnect'),
    );
    expect(reasons).toEqual([
      'The remote system refused the sign-in: check the username and password, and the security mode. (Security negotiation failed (wrong security type?))',
    ]);
  });

  it('should report a remote system that closed the session', () => {
    const { output, reasons } = watch();
    output.process(encode('sync', '1') + encode('disconnect'));
    expect(reasons).toEqual(['The remote system closed the session.']);
  });

  it('should refuse text that is not Guacamole instructions', () => {
    expect(() => watch().output.process('7.error,x3.769;')).toThrow('malformed');
  });
});
