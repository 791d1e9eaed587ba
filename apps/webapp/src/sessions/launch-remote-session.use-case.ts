import { remoteStreamUrl, type LaunchRemoteSession } from '@atrium/contracts';
import { ServersRepository, SessionsRepository, transaction, type SessionRecord } from '@atrium/db';
import { createError } from '@atrium/http';
import { isAdmin, type AuthContext } from '../auth/auth-context';
import type { AppContext } from '../context';
import { userPolicy } from '../policy/user-policy';
import { resolveCredentials } from '../servers/resolve-credentials';
import { openSession } from './open-session';
import { mintConnectionToken } from './remote-connection';

export interface RemoteLaunch {
  session: SessionRecord;
  connectUrl: string;
}

/** A user opens a server their groups reach (administrators: any); credentials come from the registry or the request. */
export async function launchRemoteSession(ctx: AppContext, auth: AuthContext, input: LaunchRemoteSession): Promise<RemoteLaunch> {
  const servers = new ServersRepository(ctx.knex);
  const server = await servers.findById(input.serverId);
  const allowed = server && (isAdmin(auth) || (await servers.userMayOpen(server.id, auth.user.id)));
  if (!server || !allowed) throw createError(404, 'server_not_found', 'No such server, or it is not shared with you.');
  const credentials = resolveCredentials(ctx, server, input.credentials);
  const { policy } = await userPolicy(ctx.knex, ctx.config, auth.user.id);

  const session = await transaction(ctx.knex, async (trx) => {
    const opened = await openSession(trx, auth, policy, {
      kind: 'remote',
      serverId: server.id,
      placement: { detail: `connection proxy, ${server.protocol}` },
      auditDetail: { server: server.name },
    });
    return new SessionsRepository(trx).transition(opened.id, { to: 'running', actor: 'connection-proxy' });
  });
  return { session, connectUrl: remoteStreamUrl(mintConnectionToken(ctx, auth, policy, session.id, server, credentials)) };
}
