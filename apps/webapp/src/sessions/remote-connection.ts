import { sealConnectionToken } from '@atrium/connection-token';
import { ServersRepository, type ServerRecord, type SessionRow } from '@atrium/db';
import type { AuthContext } from '../auth/authenticate.middleware';
import type { AppContext } from '../context';
import { guacdSettings } from '../servers/guacd-settings';

/** A connection token for one remote session: sealed for the connection proxy, valid for seconds to minutes. */
export function mintConnectionToken(ctx: AppContext, sessionId: string, server: ServerRecord, credentials: { username: string; password: string } | undefined): string {
  const clipboard = { copy: ctx.config.CLIPBOARD_ALLOWED, paste: ctx.config.CLIPBOARD_ALLOWED };
  return sealConnectionToken(
    {
      sid: sessionId,
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
export async function freshRemoteConnectUrl(ctx: AppContext, auth: AuthContext, session: SessionRow): Promise<string | null> {
  if (session.kind !== 'remote' || session.state !== 'running' || session.user_id !== auth.user.id || !session.server_id) return null;
  const server = await new ServersRepository(ctx.knex).findById(session.server_id);
  if (!server || server.credentialMode !== 'static') return null;
  const credentials = server.credentialsEncrypted ? ctx.credentials.decrypt<{ username: string; password: string }>(server.credentialsEncrypted) : undefined;
  return `/guac/?token=${mintConnectionToken(ctx, session.id, server, credentials)}`;
}
