import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@atrium/logging';
import { SessionDrives } from './session-drives';

const SESSION = '0f6b0a52-3c43-4bb6-9a61-0c5f1d7f3a01';

describe('SessionDrives', () => {
  let root: string;
  let outside: string;
  let drives: SessionDrives;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'drives-'));
    outside = mkdtempSync(join(tmpdir(), 'outside-'));
    drives = new SessionDrives(root, createLogger('test', { level: 'silent' }));
    mkdirSync(drives.pathOf(SESSION));
  });
  afterEach(() => [root, outside].forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it("should remove a stopped upload's file, at the top of the drive and in a sub-folder, whichever separator guacd was given", async () => {
    writeFileSync(join(drives.pathOf(SESSION), 'top.bin'), 'partial');
    await drives.removePartial(SESSION, '/top.bin');
    expect(existsSync(join(drives.pathOf(SESSION), 'top.bin'))).toBe(false);
    mkdirSync(join(drives.pathOf(SESSION), 'in'));
    writeFileSync(join(drives.pathOf(SESSION), 'in', 'big.bin'), 'partial');
    await drives.removePartial(SESSION, '\\in\\big.bin');
    expect(existsSync(join(drives.pathOf(SESSION), 'in', 'big.bin'))).toBe(false);
  });

  it('should never remove anything outside the session folder: no climbing out, no following a linked folder', async () => {
    writeFileSync(join(outside, 'victim'), 'keep');
    writeFileSync(join(root, 'neighbour'), 'keep');
    symlinkSync(outside, join(drives.pathOf(SESSION), 'link'));
    await drives.removePartial(SESSION, '/../neighbour');
    await drives.removePartial(SESSION, '/link/victim');
    await drives.removePartial(SESSION, '/');
    expect(existsSync(join(outside, 'victim'))).toBe(true);
    expect(existsSync(join(root, 'neighbour'))).toBe(true);
    expect(existsSync(drives.pathOf(SESSION))).toBe(true);
  });

  it('should remove the whole folder at the end, not what its links point at', async () => {
    writeFileSync(join(outside, 'victim'), 'keep');
    symlinkSync(outside, join(drives.pathOf(SESSION), 'link'));
    await drives.remove(SESSION);
    expect(existsSync(drives.pathOf(SESSION))).toBe(false);
    expect(existsSync(join(outside, 'victim'))).toBe(true);
  });

  it('should sweep only folders untouched for longer than asked', async () => {
    const old = '1d7e2c55-0c1b-4f63-a9a4-3f1b2b9d9c00';
    mkdirSync(drives.pathOf(old));
    utimesSync(drives.pathOf(old), new Date(0), new Date(0));
    expect(await drives.sweep(60_000)).toBe(1);
    expect(existsSync(drives.pathOf(old))).toBe(false);
    expect(existsSync(drives.pathOf(SESSION))).toBe(true);
  });
});
