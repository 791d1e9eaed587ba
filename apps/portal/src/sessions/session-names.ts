import { LIVE_STATES, type ServerView, type Session, type Workspace } from '@atrium/contracts';

/** What a session opens, by name: its workspace or its server (whose record may be gone). */
export function sessionTargetName(session: Session, workspaces: Workspace[] = [], servers: ServerView[] = []): string {
  if (session.workspaceId) return workspaces.find((workspace) => workspace.id === session.workspaceId)?.name ?? 'a removed workspace';
  if (session.serverId) return servers.find((server) => server.id === session.serverId)?.name ?? 'a removed server';
  return 'unknown';
}

/** Sessions a person can still do something with (reconnect, end). */
export const isLive = (session: Session) => LIVE_STATES.includes(session.state);

export const STATE_COLOURS: Record<string, string> = {
  running: 'teal',
  provisioning: 'blue',
  requested: 'blue',
  paused: 'yellow',
  stopped: 'yellow',
  stopping: 'yellow',
  error: 'red',
  lost: 'red',
};
