import { lstat, readdir, realpath, rm, stat, unlink } from 'node:fs/promises';
import { isAbsolute, join, posix, relative } from 'node:path';
import type { Logger } from '@atrium/logging';

/** guacd's settings that give an RDP connection a drive in `path`. */
export const driveSettings = (path: string) => ({ 'enable-drive': true, 'drive-name': 'Atrium', 'drive-path': path, 'create-drive-path': true });

/** `path` is `root` itself or under it. */
const within = (root: string, path: string) => {
  const rel = relative(root, path);
  return !rel.startsWith('..') && !isAbsolute(rel);
};
/** `path` is under `root`, not `root` itself. */
const inside = (root: string, path: string) => relative(root, path) !== '' && within(root, path);

/**
 * One folder per RDP session under the drives volume that guacd and this role share (guacd writes it as the same
 * user): made by guacd when it connects (`create-drive-path`, mode 0700), a stopped upload's partial file removed, the whole folder removed when the
 * session ends. The remote system can create files and folders there through the drive, never links; paths are
 * still checked, so nothing outside the session's folder is ever removed.
 */
export class SessionDrives {
  constructor(
    private readonly root: string,
    private readonly logger: Logger,
  ) {}

  pathOf(sessionId: string): string {
    return join(this.root, sessionId);
  }

  /** Removes the file a stopped upload left, given guacd's path for it (`/folder/name`, `\` also a separator). */
  async removePartial(sessionId: string, guacPath: string): Promise<void> {
    const folder = this.pathOf(sessionId);
    const path = join(folder, posix.normalize(`/${guacPath.replaceAll('\\', '/')}`));
    try {
      if (!inside(folder, path) || !within(await realpath(folder), await realpath(join(path, '..')))) return;
      if ((await lstat(path)).isFile()) await unlink(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.logger.warn({ sessionId, err: error }, 'could not remove a partial upload');
    }
  }

  /** The session ended: its drive goes, links and all (never followed). */
  async remove(sessionId: string): Promise<void> {
    await rm(this.pathOf(sessionId), { recursive: true, force: true });
  }

  /** Folders left by sessions that ended while this role was down, untouched for `maxAgeMs`. */
  async sweep(maxAgeMs: number): Promise<number> {
    const names = await readdir(this.root).catch(() => [] as string[]);
    let removed = 0;
    for (const name of names) {
      const info = await stat(join(this.root, name)).catch(() => undefined);
      if (!info || Date.now() - info.mtimeMs < maxAgeMs) continue;
      await rm(join(this.root, name), { recursive: true, force: true });
      removed += 1;
    }
    return removed;
  }
}
