import { AuditRepository, SessionsRepository, transaction, type SessionRecord } from '@atrium/db';
import { createError } from '@atrium/http';
import { actorOf, type AuthContext } from '../auth/auth-context';
import type { AppContext } from '../context';

/**
 * A signed-in user opens a share id: they become a viewer of the session (recorded and audited), and may
 * open its desktop stream while the share lasts. Unknown and revoked ids look the same (404).
 */
export async function joinShare(ctx: AppContext, auth: AuthContext, shareId: string): Promise<SessionRecord> {
  const session = await new SessionsRepository(ctx.knex).findByShareId(shareId);
  if (!session) throw createError(404, 'share_not_found', 'No such share, or it was revoked.');
  if (session.state !== 'running') throw createError(409, 'session_not_running', `The shared session is ${session.state}.`);
  if (session.userId === auth.user.id) return session;
  const actor = actorOf(auth);
  await transaction(ctx.knex, async (trx) => {
    await new SessionsRepository(trx).addViewer(session.id, auth.user.id);
    await new AuditRepository(trx).record({ ...actor.audit, action: 'session.join', targetType: 'session', targetId: session.id });
  });
  return session;
}
