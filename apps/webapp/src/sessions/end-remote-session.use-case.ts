import { AuditRepository, SessionsRepository, transaction, type SessionRecord } from '@atrium/db';
import { createError } from '@atrium/http';
import type { AppContext } from '../context';

/**
 * The remote system ended a session's connection (logged off, refused the credentials, went away): the
 * session is over, and says why, instead of staying `running` with nothing behind it. Only a running remote
 * session changes; a report about one that ended already changes nothing.
 */
export async function endRemoteSession(ctx: AppContext, sessionId: string, reason: string): Promise<SessionRecord> {
  return transaction(ctx.knex, async (trx) => {
    const sessions = new SessionsRepository(trx);
    const session = await sessions.findById(sessionId);
    if (!session) throw createError(404, 'session_not_found', 'No such session.');
    if (session.kind !== 'remote') throw createError(409, 'not_remote', 'Only a remote session ends this way.');
    if (session.state !== 'running') return session;
    await new AuditRepository(trx).record({
      actorType: 'system',
      action: 'session.remote_ended',
      targetType: 'session',
      targetId: sessionId,
      detail: { reason },
    });
    return sessions.transition(sessionId, { to: 'ended', actor: 'connection-proxy', detail: reason, set: { errorMessage: reason } });
  });
}
