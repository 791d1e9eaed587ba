import { sealConnectionToken } from '@atrium/connection-token';
import { remoteStreamUrl, type RemoteCredentials, type ResolvedPolicy } from '@atrium/contracts';
import { ServersRepository, type ServerRecord, type SessionRecord } from '@atrium/db';
import { browserSessionOf, type AuthContext } from '../auth/auth-context';
import type { AppContext } from '../context';
import { userPolicy } from '../policy/user-policy';
import { guacdSettings } from '../servers/guacd-settings';
import { resolveCredentials } from '../servers/resolve-credentials';

/**
 * A connection token for one remote session: sealed for the connection proxy, valid for seconds to minutes.
 * The user's policy decides the clipboard (guacd's copy is the session → browser direction (down), paste the
 * browser → session direction (up)) and which way files may cross (SFTP for SSH, a drive for RDP), which the
 * connection proxy enforces on guacd's file streams.
 */
export function mintConnectionToken(
  ctx: AppContext,
  auth: AuthContext,
  policy: ResolvedPolicy,
  sessionId: string,
  server: ServerRecord,
  credentials: RemoteCredentials | undefined,
): string {
  const clipboard = { copy: policy.allow_kasm_clipboard_down, paste: policy.allow_kasm_clipboard_up };
  const files = { upload: policy.allow_kasm_uploads, download: policy.allow_kasm_downloads };
  return sealConnectionToken(
    {
      sid: sessionId,
      asid: browserSessionOf(auth),
      exp: Date.now() + ctx.config.CONNECTION_TOKEN_TTL_SECONDS * 1000,
      connection: {
        type: server.protocol,
        settings: guacdSettings(server, credentials, clipboard, files, policy.allow_kasm_audio, policy.allow_kasm_microphone),
        files,
        microphone: policy.allow_kasm_microphone,
      },
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
  const { policy } = await userPolicy(ctx.knex, ctx.config, auth.user.id);
  return remoteStreamUrl(mintConnectionToken(ctx, auth, policy, session.id, server, resolveCredentials(ctx, server)));
}
