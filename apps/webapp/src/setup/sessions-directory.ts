import { chmodSync, chownSync, mkdirSync } from 'node:fs';

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
