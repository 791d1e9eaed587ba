import type { ResolvedPolicy, SessionKind } from '@atrium/contracts';
import { AuditRepository, ProfilesRepository, SessionsRepository, type Knex, type SessionRecord } from '@atrium/db';
import { createError } from '@atrium/http';
import { actorOf, type AuthContext } from '../auth/auth-context';

export interface NewSession {
  /** The id a staged container was started for; else a new one. */
  id?: string;
  kind: SessionKind;
  workspaceId?: string;
  serverId?: string;
  /** What a container session is given, counted against its agent's capacity. */
  resources?: { cores: number; memoryMb: number };
  /** How the scheduler placed it, recorded on the `provisioning` event. */
  placement: { agentId?: string; detail: string };
  /** What the audit entry names (the workspace or server), never a secret. */
  auditDetail: Record<string, unknown>;
  /** The session starts in the user's kept home of its workspace: no other live session may use it. */
  keptHome?: boolean;
}

/**
 * The step every launch shares, inside the caller's transaction: the user's session limit from their policy
 * (checked under a lock, so two launches cannot both pass), the time limit and first keepalive deadline, the
 * row through `requested` to `provisioning`, and the audit entry.
 */
export async function openSession(trx: Knex, auth: AuthContext, policy: ResolvedPolicy, session: NewSession): Promise<SessionRecord> {
  const sessions = new SessionsRepository(trx);
  const limit = policy.max_kasms_per_user;
  if ((await sessions.countLiveForUpdate(auth.user.id)) >= limit) {
    throw createError(409, 'session_limit_reached', `You already have ${limit} live session${limit === 1 ? '' : 's'}; end one first.`);
  }
  // Two sessions in one kept home would each save over the other's changes: the second is refused, not given a
  // throwaway home the user would take for theirs.
  if (session.keptHome && session.workspaceId && (await new ProfilesRepository(trx).inUse(auth.user.id, session.workspaceId))) {
    throw createError(409, 'profile_in_use', 'Your profile of this workspace is open in another session; reconnect to that one, or end it first.');
  }
  const now = Date.now();
  const created = await sessions.create({
    ...session,
    userId: auth.user.id,
    actor: actorOf(auth).label,
    expiresAt: new Date(now + policy.session_time_limit * 1000),
    keepaliveUntil: new Date(now + policy.keepalive_expiration * 1000),
  });
  const provisioning = await sessions.transition(created.id, {
    to: 'provisioning',
    actor: 'scheduler',
    detail: session.placement.detail,
    ...(session.placement.agentId && { set: { agentId: session.placement.agentId } }),
  });
  await new AuditRepository(trx).record({
    ...actorOf(auth).audit,
    action: 'session.launch',
    targetType: 'session',
    targetId: created.id,
    detail: session.auditDetail,
  });
  return provisioning;
}
