import { sealConnectionToken } from '@atrium/connection-token';
import { remoteStreamUrl, type RemoteCredentials } from '@atrium/contracts';
import { ServersRepository, type ServerRecord, type SessionRecord } from '@atrium/db';
import type { AuthContext } from '../auth/auth-context';
import type { AppContext } from '../context';
import { guacdSettings } from '../servers/guacd-settings';
import { resolveCredentials } from '../servers/resolve-credentials';

/** A connection token for one remote session: sealed for the connection proxy, valid for seconds to minutes. */
export function mintConnectionToken(
  ctx: AppContext,
  auth: AuthContext,
  sessionId: string,
  server: ServerRecord,
  credentials: RemoteCredentials | undefined,
): string {
  const clipboard = { copy: ctx.config.CLIPBOARD_ALLOWED, paste: ctx.config.CLIPBOARD_ALLOWED };
  return sealConnectionToken(
    {
      sid: sessionId,
      asid: auth.authSessionId,
      exp: Date.now() + ctx.config.CONNECTION_TOKEN_TTL_SECONDS * 1000,
      connection: { type: server.protocol, settings: guacdSettings(server, credentials, clipboard) },
    },
    ctx.config.CONNECTION_TOKEN_KEY,
  );
}

/**
 * A new connect URL for the owner of a running remote session whose server keeps static credentials
 * (reconnects); prompted credentials are never stored, so those sessions reconnect by launching again.
 */
export async function freshRemoteConnectUrl(ctx: AppContext, auth: AuthContext, session: SessionRecord): Promise<string | null> {
  if (session.kind !== 'remote' || session.state !== 'running' || session.userId !== auth.user.id || !session.serverId) return null;
  const server = await new ServersRepository(ctx.knex).findById(session.serverId);
  if (!server || server.credentialMode !== 'static') return null;
  return remoteStreamUrl(mintConnectionToken(ctx, auth, session.id, server, resolveCredentials(ctx, server)));
}
