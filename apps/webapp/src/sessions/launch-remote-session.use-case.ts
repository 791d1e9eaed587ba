import type { LaunchRemoteSession } from '@atrium/contracts';
import { AuditRepository, ServersRepository, SessionsRepository, transaction, type ServerRecord, type SessionRow } from '@atrium/db';
import { createError } from '@atrium/http';
import type { AuthContext } from '../auth/authenticate.middleware';
import type { AppContext } from '../context';
import { mintConnectionToken } from './remote-connection';

export interface RemoteLaunch {
  session: SessionRow;
  connectUrl: string;
}

/** A user opens a server their groups reach (administrators: any); credentials come from the registry or the request. */
export async function launchRemoteSession(ctx: AppContext, auth: AuthContext, input: LaunchRemoteSession): Promise<RemoteLaunch> {
  const servers = new ServersRepository(ctx.knex);
  const server = await servers.findById(input.serverId);
  const allowed = server && (auth.user.role === 'admin' || (await servers.userMayOpen(server.id, auth.user.id)));
  if (!server || !allowed) throw createError(404, 'server_not_found', 'No such server, or it is not shared with you.');
  const credentials = credentialsFor(ctx, server, input);
  const actor = `user:${auth.user.id}`;

  const session = await transaction(ctx.knex, async (trx) => {
    const sessions = new SessionsRepository(trx);
    if ((await sessions.countLiveForUpdate(auth.user.id)) >= ctx.config.SESSIONS_PER_USER) {
      throw createError(409, 'session_limit_reached', `You already have ${ctx.config.SESSIONS_PER_USER} live sessions; end one first.`);
    }
    const expiresAt = new Date(Date.now() + ctx.config.SESSION_MAX_HOURS * 3600_000);
    const created = await sessions.create({ kind: 'remote', userId: auth.user.id, serverId: server.id, actor, expiresAt });
    await sessions.transition(created.id, { to: 'provisioning', actor: 'scheduler', detail: `connection proxy, ${server.protocol}` });
    await new AuditRepository(trx).record({ actorType: 'user', actorId: auth.user.id, action: 'session.launch', targetType: 'session', targetId: created.id, detail: { server: server.name } });
    return sessions.transition(created.id, { to: 'running', actor: 'connection-proxy' });
  });
  return { session, connectUrl: `/guac/?token=${mintConnectionToken(ctx, session.id, server, credentials)}` };
}

function credentialsFor(ctx: AppContext, server: ServerRecord, input: LaunchRemoteSession) {
  if (server.credentialMode === 'prompt') {
    if (!input.credentials) throw createError(400, 'credentials_required', 'This server asks for your username and password.');
    return input.credentials;
  }
  return server.credentialsEncrypted ? ctx.credentials.decrypt<{ username: string; password: string }>(server.credentialsEncrypted) : undefined;
}
