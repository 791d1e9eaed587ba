import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { passwordOfVncPasswdFile } from '@atrium/rfb';
import { PASSWORD_NAME, SessionDirectory } from './session-directory';

describe('SessionDirectory.writePassword', () => {
  let base: string;
  beforeEach(() => (base = mkdtempSync(join(tmpdir(), 'atrium-session-dir-'))));
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  const directory = () => {
    const dir = new SessionDirectory(base, 'agent-1', '0b9c6a7e-1111-4a4a-8a8a-123456789abc');
    mkdirSync(dir.path, { recursive: true });
    return dir;
  };

  it('should replace the password file the desktop reads', async () => {
    const dir = directory();
    await dir.writePassword('first-pw');
    await dir.writePassword('second-p');
    expect(passwordOfVncPasswdFile(readFileSync(join(dir.path, PASSWORD_NAME)))).toBe('second-p');
  });

  it('should not write through a link a workspace left in its place (a shell inside the workspace can write there)', async () => {
    const dir = directory();
    const agentsFile = join(base, 'agent-owned-file');
    writeFileSync(agentsFile, 'untouched');
    symlinkSync(agentsFile, join(dir.path, `.${PASSWORD_NAME}.next`));
    await dir.writePassword('rotated1');
    expect(readFileSync(agentsFile, 'utf8')).toBe('untouched');
    expect(passwordOfVncPasswdFile(readFileSync(join(dir.path, PASSWORD_NAME)))).toBe('rotated1');
  });
});
