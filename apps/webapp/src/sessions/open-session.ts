import type { SessionKind } from '@atrium/contracts';
import { AuditRepository, SessionsRepository, type Knex, type SessionRecord } from '@atrium/db';
import { createError } from '@atrium/http';
import { userActor, type AuthContext } from '../auth/auth-context';
import type { AppContext } from '../context';

export interface NewSession {
  kind: SessionKind;
  workspaceId?: string;
  serverId?: string;
  /** How the scheduler placed it, recorded on the `provisioning` event. */
  placement: { agentId?: string; detail: string };
  /** What the audit entry names (the workspace or server), never a secret. */
  auditDetail: Record<string, unknown>;
}

/**
 * The step every launch shares, inside the caller's transaction: the user's session limit (checked under
 * a lock, so two launches cannot both pass), the expiry, the row through `requested` to `provisioning`,
 * and the audit entry.
 */
export async function openSession(trx: Knex, ctx: AppContext, auth: AuthContext, session: NewSession): Promise<SessionRecord> {
  const sessions = new SessionsRepository(trx);
  const limit = ctx.config.SESSIONS_PER_USER;
  if ((await sessions.countLiveForUpdate(auth.user.id)) >= limit) {
    throw createError(409, 'session_limit_reached', `You already have ${limit} live sessions; end one first.`);
  }
  const expiresAt = new Date(Date.now() + ctx.config.SESSION_MAX_HOURS * 3600_000);
  const created = await sessions.create({ ...session, userId: auth.user.id, actor: userActor(auth.user.id).label, expiresAt });
  const provisioning = await sessions.transition(created.id, {
    to: 'provisioning',
    actor: 'scheduler',
    detail: session.placement.detail,
    ...(session.placement.agentId && { set: { agentId: session.placement.agentId } }),
  });
  await new AuditRepository(trx).record({
    actorType: 'user',
    actorId: auth.user.id,
    action: 'session.launch',
    targetType: 'session',
    targetId: created.id,
    detail: session.auditDetail,
  });
  return provisioning;
}
