import { desktopStreamPath, type Session } from '@atrium/contracts';
import type { SessionRecord } from '@atrium/db';

/**
 * The API's view of a session; the connect URL appears once the desktop can be opened. For a remote
 * session the caller mints it (it carries a short-lived token).
 */
export function toSessionView(session: SessionRecord, remoteConnectUrl: string | null = null): Session {
  const connectUrl = session.kind === 'remote' ? remoteConnectUrl : desktopStreamPath(session.id);
  return {
    id: session.id,
    kind: session.kind,
    state: session.state,
    userId: session.userId,
    workspaceId: session.workspaceId,
    serverId: session.serverId,
    createdAt: session.createdAt.toISOString(),
    updatedAt: session.updatedAt.toISOString(),
    errorMessage: session.errorMessage,
    expiresAt: session.expiresAt?.toISOString() ?? null,
    keepaliveUntil: session.keepaliveUntil?.toISOString() ?? null,
    shareId: session.shareId,
    connectUrl: session.state === 'running' ? connectUrl : null,
  };
}
