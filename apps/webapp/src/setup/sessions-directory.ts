import { chmodSync, chownSync, existsSync, mkdirSync } from 'node:fs';

/**
 * The host directory of the sessions' VNC sockets, made ready for the agent: owned by its uid, group the
 * socket group, mode 0710 (the agent makes one subdirectory per session; workspaces, in that group, may only
 * pass through to their own).
 */
export function prepareSessionsDirectory(path: string, owner: { uid: number; gid: number } | undefined): void {
  mkdirSync(path, { recursive: true, mode: 0o710 });
  if (owner) chownSync(path, owner.uid, owner.gid);
  chmodSync(path, 0o710);
}

/**
 * The volume of the agent's stream socket, when mounted: owned by the agent (which makes the socket), group
 * kasm_proxy's, mode 2750 (setgid: the socket gets that group; nginx may pass through and connect, nothing more).
 * False when the volume is not mounted (streams then go over the agent's port).
 */
export function prepareStreamsDirectory(path: string, owner: { uid: number; gid: number } | undefined): boolean {
  if (!existsSync(path)) return false;
  if (owner) chownSync(path, owner.uid, owner.gid);
  chmodSync(path, 0o2750);
  return true;
}

/**
 * The host directory of users' kept homes: the agent's alone (0700). Docker, as root, mounts one archive into its
 * session's workspace, read-only; no workspace sees the directory.
 */
export function prepareProfilesDirectory(path: string, owner: { uid: number } | undefined): void {
  if (!existsSync(path)) mkdirSync(path, { recursive: true, mode: 0o700 });
  if (owner) chownSync(path, owner.uid, owner.uid);
  chmodSync(path, 0o700);
}

/**
 * The volume of RDP sessions' drive folders, when mounted: the connection proxy's, and guacd's, which runs as the
 * same uid to write there (0700). Nothing else mounts it.
 */
export function prepareDrivesDirectory(path: string, owner: { uid: number } | undefined): boolean {
  if (!existsSync(path)) return false;
  if (owner) chownSync(path, owner.uid, owner.uid);
  chmodSync(path, 0o700);
  return true;
}
