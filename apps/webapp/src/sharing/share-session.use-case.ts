import { randomBytes } from 'node:crypto';
import { AuditRepository, SessionsRepository, transaction, type SessionRecord } from '@atrium/db';
import { createError } from '@atrium/http';
import { actorOf, isAdmin, type AuthContext } from '../auth/auth-context';
import type { AppContext } from '../context';
import { userPolicy } from '../policy/user-policy';

/**
 * The owner shares a running container session: it gets a share id (random, 128 bits) that any signed-in
 * user can open to join as a viewer. Sharing again returns the same id. Only the owner may share, and only
 * when their policy allows it; remote sessions cannot be shared (guacd connections are one user's).
 */
export async function shareSession(ctx: AppContext, auth: AuthContext, sessionId: string): Promise<SessionRecord> {
  const session = await new SessionsRepository(ctx.knex).findById(sessionId);
  if (!session) throw createError(404, 'session_not_found', 'No such session.');
  if (session.userId !== auth.user.id) throw createError(403, 'not_session_owner', 'Only the owner of a session may share it.');
  if (session.kind !== 'container') throw createError(409, 'not_supported', 'Remote sessions cannot be shared.');
  if (session.state !== 'running') throw createError(409, 'session_not_running', `A ${session.state} session cannot be shared.`);
  const { policy } = await userPolicy(ctx.knex, ctx.config, auth.user.id);
  if (!isAdmin(auth) && !policy.allow_kasm_sharing) throw createError(403, 'not_allowed_by_policy', 'Your group policy does not allow sharing sessions.');
  if (session.shareId) return session;

  const actor = actorOf(auth);
  return transaction(ctx.knex, async (trx) => {
    const shared = await new SessionsRepository(trx).setShareId(session.id, randomBytes(16).toString('base64url'));
    await new AuditRepository(trx).record({ ...actor.audit, action: 'session.share', targetType: 'session', targetId: session.id });
    return shared;
  });
}
