import { TRANSFER_CANCEL_OPCODE, TRANSFER_REFUSED_OPCODE, type TransferReport } from '@atrium/contracts';
import { TransferBudget } from '@atrium/http';
import { encodeInstruction as encode, InstructionReader } from '../guac/instructions';
import { base64Bytes, RemoteTransferGuard } from './remote-transfer-guard';

const SESSION = '7d1c1f4e-98a5-4a0c-9d43-3c8e1e4b2f10';
const INDEX = 'application/vnd.glyptodon.guacamole.stream-index+json';
const blobOf = (bytes: number) => Buffer.alloc(bytes, 7).toString('base64');

function guard(files = { upload: true, download: true }, budget = new TransferBudget(100, 1000)) {
  const reports: Omit<TransferReport, 'sessionId'>[] = [];
  const removed: string[] = [];
  const subject = new RemoteTransferGuard(SESSION, files, budget, { report: (report) => reports.push(report), removePartial: (path) => removed.push(path) });
  const reader = new InstructionReader(1 << 20);
  const one = (text: string) => reader.push(text)[0];
  return {
    reports,
    removed,
    browser: (...elements: string[]) => subject.fromBrowser(one(encode(...elements))),
    guacd: (...elements: string[]) => subject.fromGuacd(one(encode(...elements))),
    end: () => subject.end(),
  };
}

describe('base64Bytes', () => {
  it.each([1, 2, 3, 4, 5, 6000])('should count the bytes of a %i-byte blob', (bytes) => expect(base64Bytes(blobOf(bytes))).toBe(bytes));
});

describe('RemoteTransferGuard', () => {
  it('should pass an allowed upload through and report it complete with its size', () => {
    const g = guard();
    expect(g.browser('put', '1', '4', 'application/octet-stream', '/home/report.pdf').toGuacd).toContain('put');
    expect(g.browser('blob', '4', blobOf(60)).toGuacd).toContain('blob');
    expect(g.browser('blob', '4', blobOf(40)).toGuacd).toContain('blob');
    expect(g.browser('end', '4')).toEqual({ toGuacd: encode('end', '4'), toBrowser: '' });
    expect(g.reports).toEqual([{ direction: 'upload', name: '/home/report.pdf', bytes: 100, outcome: 'completed' }]);
    expect(g.removed).toEqual([]);
  });

  it('should answer an upload the policy forbids itself, so guacd never sees it, and drop what follows', () => {
    const g = guard({ upload: false, download: true });
    expect(g.browser('file', '3', 'text/plain', 'notes.txt')).toEqual({
      toGuacd: '',
      toBrowser: encode('ack', '3', 'Uploads are turned off by your policy.', String(0x0303)),
    });
    expect(g.browser('blob', '3', blobOf(10)).toGuacd).toBe('');
    expect(g.browser('end', '3').toGuacd).toBe('');
    expect(g.reports).toEqual([{ direction: 'upload', name: '/notes.txt', bytes: 0, outcome: 'refused', reason: 'uploads_disabled' }]);
  });

  it('should stop an upload at the blob that would pass the per-file limit and remove what was written', () => {
    const g = guard();
    g.browser('put', '1', '4', 'application/octet-stream', '/big.bin');
    g.browser('blob', '4', blobOf(90));
    const stopped = g.browser('blob', '4', blobOf(20));
    expect(stopped.toGuacd).toBe(encode('end', '4'));
    expect(stopped.toBrowser).toBe(encode('ack', '4', 'Files larger than 0 MiB are not transferred.', String(0x030d)));
    expect(g.browser('blob', '4', blobOf(5)).toGuacd).toBe('');
    expect(g.removed).toEqual(['/big.bin']);
    expect(g.reports).toEqual([{ direction: 'upload', name: '/big.bin', bytes: 90, outcome: 'refused', reason: 'file_too_large' }]);
  });

  it("should count both directions against the session's total", () => {
    const g = guard({ upload: true, download: true }, new TransferBudget(100, 150));
    g.browser('put', '1', '4', 'application/octet-stream', '/a');
    g.browser('blob', '4', blobOf(100));
    g.browser('end', '4');
    g.guacd('body', '1', '9', 'application/octet-stream', '/b');
    g.guacd('blob', '9', blobOf(50));
    const stopped = g.guacd('blob', '9', blobOf(1));
    expect(stopped.toGuacd).toContain(encode('ack', '9').slice(0, -1));
    expect(stopped.toBrowser).toContain(TRANSFER_REFUSED_OPCODE);
    expect(stopped.toBrowser).toContain('session_transfer_limit');
    expect(g.reports.at(-1)).toEqual({ direction: 'download', name: '/b', bytes: 50, outcome: 'refused', reason: 'session_transfer_limit' });
  });

  it('should let folder listings through when downloads are off, and refuse a file with a reason the browser can show', () => {
    const g = guard({ upload: true, download: false });
    expect(g.guacd('body', '1', '2', INDEX, '/').toBrowser).toContain('body');
    const refused = g.guacd('body', '1', '5', 'application/octet-stream', '/etc/secret');
    expect(refused.toGuacd).toBe(encode('ack', '5', 'Downloads are turned off by the policy.', String(0x0303)));
    expect(refused.toBrowser).toBe(
      encode('body', '1', '5', 'application/octet-stream', '/etc/secret') +
        encode(TRANSFER_REFUSED_OPCODE, '5', 'downloads_disabled', 'Downloads are turned off by your policy.') +
        encode('end', '5'),
    );
    // Whatever guacd had already sent, and the browser's acknowledgement of the stream, go nowhere.
    expect(g.guacd('blob', '5', blobOf(10)).toBrowser).toBe('');
    expect(g.browser('ack', '5', 'OK', '0').toGuacd).toBe('');
    // The index opens a new stream later (an image): it is not held against it.
    expect(g.guacd('img', '5', '14', '0', 'image/png', '0', '0').toBrowser).toContain('img');
    expect(g.guacd('blob', '5', blobOf(10)).toBrowser).toContain('blob');
    expect(g.reports).toEqual([{ direction: 'download', name: '/etc/secret', bytes: 0, outcome: 'refused', reason: 'downloads_disabled' }]);
  });

  it('should refuse a download guacd offers on its own (the drive) when downloads are off', () => {
    const g = guard({ upload: true, download: false });
    expect(g.guacd('file', '6', 'application/octet-stream', 'out.txt').toBrowser).toContain('downloads_disabled');
  });

  it('should end a cancelled upload towards guacd, remove the partial, and report it cancelled', () => {
    const g = guard();
    g.browser('put', '1', '4', 'application/octet-stream', '/c.bin');
    g.browser('blob', '4', blobOf(10));
    expect(g.browser(TRANSFER_CANCEL_OPCODE, '4')).toEqual({ toGuacd: encode('end', '4'), toBrowser: '' });
    expect(g.browser('end', '4').toGuacd).toBe('');
    expect(g.removed).toEqual(['/c.bin']);
    expect(g.reports).toEqual([{ direction: 'upload', name: '/c.bin', bytes: 10, outcome: 'cancelled', reason: 'cancelled' }]);
  });

  it('should report a download the browser cancelled, and a refusal guacd answered an upload with', () => {
    const g = guard();
    g.guacd('body', '1', '9', 'application/octet-stream', '/d');
    g.guacd('blob', '9', blobOf(10));
    g.browser('ack', '9', 'Cancelled', String(0x0100));
    g.browser('put', '1', '4', 'application/octet-stream', '/e');
    g.guacd('ack', '4', 'Uploads disabled', String(0x0303));
    expect(g.reports).toEqual([
      { direction: 'download', name: '/d', bytes: 10, outcome: 'cancelled', reason: 'cancelled' },
      { direction: 'upload', name: '/e', bytes: 0, outcome: 'refused', reason: 'Uploads disabled' },
    ]);
  });

  it('should report whatever was moving when the connection closes, and remove partial uploads', () => {
    const g = guard();
    g.browser('put', '1', '4', 'application/octet-stream', '/up');
    g.guacd('body', '1', '9', 'application/octet-stream', '/down');
    g.end();
    expect(g.removed).toEqual(['/up']);
    expect(g.reports.map((report) => [report.name, report.outcome, report.reason])).toEqual([
      ['/up', 'cancelled', 'connection_closed'],
      ['/down', 'cancelled', 'connection_closed'],
    ]);
  });

  it('should leave streams that are not files alone', () => {
    const g = guard({ upload: false, download: false });
    expect(g.browser('clipboard', '2', 'text/plain').toGuacd).toContain('clipboard');
    expect(g.browser('blob', '2', blobOf(500)).toGuacd).toContain('blob');
    expect(g.guacd('audio', '3', 'audio/L16;rate=44100,channels=2').toBrowser).toContain('audio');
    expect(g.guacd('blob', '3', blobOf(5000)).toBrowser).toContain('blob');
    expect(g.reports).toEqual([]);
  });
});
