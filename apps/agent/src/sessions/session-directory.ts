import { chmod, chown, lstat, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { vncPasswdFile } from '@atrium/rfb';

/** Where the workspace sees its session directory, and what it finds there. */
export const WORKSPACE_SOCKET_DIR = '/run/atrium/vnc';
export const SOCKET_NAME = 'rfb.sock';
/** The VNC password file (`vncpasswd` format) Xvnc reads at each authentication. */
export const PASSWORD_NAME = 'vnc-passwd';
/** Where the workspace sees its settings: read-only, written by the agent before start (browser policies). */
export const WORKSPACE_CONFIG_DIR = '/run/atrium/config';

/**
 * A session's directory on the host: the only thing the agent and that one workspace share. It holds the VNC
 * password (written by the agent before start) and Xvnc's socket (made by the workspace). Owned by the agent,
 * group `socketGid` (the workspace user's supplementary group), setgid so the socket gets the same group.
 */
export class SessionDirectory {
  readonly path: string;
  /**
   * The session's settings for the workspace, beside its directory rather than in it: the workspace can write in
   * its session directory, and must not be able to change (or replace) its browser's policies.
   */
  readonly configPath: string;

  constructor(base: string, agentName: string, sessionId: string) {
    this.path = join(base, agentName, sessionId);
    this.configPath = join(base, agentName, 'config', sessionId);
  }

  get socketPath(): string {
    return join(this.path, SOCKET_NAME);
  }

  async create(socketGid: number, password: string): Promise<void> {
    await mkdir(this.path, { recursive: true, mode: 0o700 });
    await chown(this.path, process.getuid?.() ?? 0, socketGid);
    await chmod(this.path, 0o2770);
    await this.writePassword(password);
  }

  /**
   * Sets the password the desktop asks for from its next connection on. Written beside and renamed over the
   * old file, so Xvnc never reads half of one.
   */
  async writePassword(password: string): Promise<void> {
    const next = join(this.path, `.${PASSWORD_NAME}.next`);
    // The workspace may write in this directory: whatever it left under this name (a symlink to a file of the
    // agent's, say) is removed, and the file is created exclusively, never opened through a link.
    await rm(next, { force: true });
    await writeFile(next, vncPasswdFile(password), { mode: 0o440, flag: 'wx' });
    await rename(next, join(this.path, PASSWORD_NAME));
  }

  /**
   * The socket, if it is one: a workspace may replace it with anything (a symlink to another socket, a file),
   * and the agent must not follow that. (VncAuth with this session's password guards the rest.)
   */
  async verifiedSocketPath(): Promise<string> {
    const entry = await lstat(this.socketPath);
    if (!entry.isSocket()) throw new Error('the session socket is not a socket');
    return this.socketPath;
  }

  /** Writes the workspace's settings files (readable by the workspace user's group, mounted read-only). */
  async writeConfig(socketGid: number, files: Record<string, string>): Promise<void> {
    await rm(this.configPath, { recursive: true, force: true });
    await mkdir(this.configPath, { recursive: true, mode: 0o750 });
    await chown(this.configPath, process.getuid?.() ?? 0, socketGid);
    await chmod(this.configPath, 0o750);
    for (const [name, content] of Object.entries(files)) {
      const path = join(this.configPath, name);
      await writeFile(path, content, { mode: 0o440, flag: 'wx' });
      await chown(path, process.getuid?.() ?? 0, socketGid);
    }
  }

  /** Best effort: what the workspace made unreadable to the agent stays until the host cleans it. */
  async remove(): Promise<void> {
    await rm(this.path, { recursive: true, force: true });
    await rm(this.configPath, { recursive: true, force: true });
  }
}
