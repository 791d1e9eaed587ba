import { desktopViewerPath, remoteViewerPath, type ServerView, type Session, type Workspace } from '@atrium/contracts';

/** Something the launcher can open: a container workspace or a remote server. */
export type LaunchTarget =
  | { kind: 'workspace'; id: string; name: string; description: string }
  | { kind: 'server'; id: string; name: string; description: string; promptsForCredentials: boolean };

export const workspaceTarget = (workspace: Workspace): LaunchTarget => ({
  kind: 'workspace',
  id: workspace.id,
  name: workspace.name,
  description: workspace.description || 'A fresh desktop, thrown away when you end it.',
});

export const serverTarget = (server: ServerView): LaunchTarget => ({
  kind: 'server',
  id: server.id,
  name: server.name,
  description: `${server.protocol.toUpperCase()} to ${server.hostname}:${server.port}`,
  promptsForCredentials: server.credentialMode === 'prompt',
});

/** The viewer page of a session. */
export const viewerPathOf = (session: Pick<Session, 'id' | 'kind'>) =>
  session.kind === 'remote' ? remoteViewerPath(session.id) : desktopViewerPath(session.id);
