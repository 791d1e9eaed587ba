import type { Session } from '@atrium/contracts';
import type { SessionRow } from '@atrium/db';

/** The API's view of a session row; the connect URL appears once the desktop can be opened. */
/** `connectUrl` for a remote session is minted by the caller (it carries a short-lived token). */
export function toSessionView(row: SessionRow, remoteConnectUrl: string | null = null): Session {
  return {
    id: row.id,
    kind: row.kind,
    state: row.state,
    userId: row.user_id,
    workspaceId: row.workspace_id,
    serverId: row.server_id,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    errorMessage: row.error_message,
    expiresAt: row.expires_at?.toISOString() ?? null,
    connectUrl: row.state !== 'running' ? null : row.kind === 'remote' ? remoteConnectUrl : `/desktop/${row.id}/websockify`,
  };
}
