import { desktopViewerPath, remoteViewerPath, type ServerView, type Session, type Workspace } from '@atrium/contracts';

/** Something the launcher can open: a container workspace or a remote server. */
export type LaunchTarget =
  | { kind: 'workspace'; id: string; name: string; description: string; iconUrl: string | null; categories: string[] }
  | { kind: 'server'; id: string; name: string; description: string; iconUrl: null; categories: string[]; promptsForCredentials: boolean };

/** The category every server is listed under. */
export const SERVERS_CATEGORY = 'Servers';

export const workspaceTarget = (workspace: Workspace): LaunchTarget => ({
  kind: 'workspace',
  id: workspace.id,
  name: workspace.friendlyName || workspace.name,
  description: workspace.description || 'A fresh desktop, thrown away when you end it.',
  iconUrl: workspace.iconUrl,
  categories: workspace.categories,
});

export const serverTarget = (server: ServerView): LaunchTarget => ({
  kind: 'server',
  id: server.id,
  name: server.name,
  description: `${server.protocol.toUpperCase()} to ${server.hostname}:${server.port}`,
  iconUrl: null,
  categories: [SERVERS_CATEGORY],
  promptsForCredentials: server.credentialMode === 'prompt',
});

/** The categories to filter by, in the order people scan them: alphabetical, servers last. */
export function categoriesOf(targets: LaunchTarget[]): string[] {
  const names = new Set(targets.flatMap((target) => target.categories).filter((name) => name !== SERVERS_CATEGORY));
  const sorted = [...names].sort((a, b) => a.localeCompare(b));
  return targets.some((target) => target.kind === 'server') ? [...sorted, SERVERS_CATEGORY] : sorted;
}

/** The targets in `category` (all when undefined) whose name or description holds every word of `query`. */
export function filterTargets(targets: LaunchTarget[], query: string, category?: string): LaunchTarget[] {
  const words = query.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  return targets.filter((target) => {
    if (category && !target.categories.includes(category)) return false;
    const text = `${target.name} ${target.description} ${target.categories.join(' ')}`.toLocaleLowerCase();
    return words.every((word) => text.includes(word));
  });
}

/** The viewer page of a session. */
export const viewerPathOf = (session: Pick<Session, 'id' | 'kind'>) =>
  session.kind === 'remote' ? remoteViewerPath(session.id) : desktopViewerPath(session.id);
