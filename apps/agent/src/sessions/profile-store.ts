import { chown, mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { saveArchive } from './home-archive';

/**
 * Persistent profiles: each user's home folder of a workspace, kept between sessions as a tar on the agent's
 * disk (`<dir>/<agent>/<user>/<workspace>.tar`, the same path on the host, where Docker mounts it). The agent never
 * unpacks one: the workspace's start script does, as the workspace user, inside its own home (a tmpfs of the
 * profile's size), and the agent saves it back with tar run inside the container when the session ends.
 */
export class ProfileStore {
  constructor(
    private readonly directory: string,
    private readonly agentName: string,
    /** The group of workspace users: the archive is mounted read-only, readable by them and no one else. */
    private readonly socketGid: number,
  ) {}

  pathOf(userId: string, workspaceId: string): string {
    return join(this.userDirectory(userId), `${workspaceId}.tar`);
  }

  /** The archive's path when the user has a kept home of this workspace. */
  async find(userId: string, workspaceId: string): Promise<string | undefined> {
    const path = this.pathOf(userId, workspaceId);
    return stat(path).then(
      (found) => (found.isFile() ? path : undefined),
      () => undefined,
    );
  }

  /** Replaces the kept home with `archive`, capped at `maxBytes` and only if `whole` confirms it; returns its size. */
  async save(userId: string, workspaceId: string, archive: Readable, maxBytes: number, whole?: () => Promise<boolean>): Promise<number> {
    await mkdir(this.userDirectory(userId), { recursive: true, mode: 0o700 });
    const path = this.pathOf(userId, workspaceId);
    const bytes = await saveArchive(path, archive, maxBytes, 0o440, whole);
    await chown(path, process.getuid?.() ?? 0, this.socketGid);
    return bytes;
  }

  /** Deletes one kept home, or every one of the user's. */
  async remove(userId: string, workspaceId?: string): Promise<void> {
    await rm(workspaceId ? this.pathOf(userId, workspaceId) : this.userDirectory(userId), { recursive: true, force: true });
  }

  private userDirectory(userId: string): string {
    return join(this.directory, this.agentName, userId);
  }
}
