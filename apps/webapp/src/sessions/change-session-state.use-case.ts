import type { ContainerAction, ResolvedPolicy, SessionState } from '@atrium/contracts';
import { AgentsRepository, AuditRepository, SessionsRepository, transaction, type SessionRecord } from '@atrium/db';
import { createError } from '@atrium/http';
import { actorOf, isAdmin, type AuthContext } from '../auth/auth-context';
import type { AppContext } from '../context';
import { AgentCallError } from '../infrastructure/agent-client';
import { userPolicy } from '../policy/user-policy';
import { findOwnSession } from './find-own-session';

interface LifecycleStep {
  from: SessionState;
  to: SessionState;
  /** The policy setting that allows it (for the session's owner; administrators may always). */
  allowedBy: keyof Pick<ResolvedPolicy, 'allow_kasm_pause' | 'allow_kasm_stop'>;
}

/** Pause keeps the memory (processes frozen); stop frees CPU and memory and keeps the container and its home. */
const STEPS: Record<ContainerAction, LifecycleStep> = {
  pause: { from: 'running', to: 'paused', allowedBy: 'allow_kasm_pause' },
  resume: { from: 'paused', to: 'running', allowedBy: 'allow_kasm_pause' },
  stop: { from: 'running', to: 'stopped', allowedBy: 'allow_kasm_stop' },
  start: { from: 'stopped', to: 'running', allowedBy: 'allow_kasm_stop' },
};

/**
 * Pauses, resumes, stops or starts a container session: the caller must own it (or be an administrator),
 * the owner's policy must allow it, and the session must be in the state the step starts from (409
 * otherwise). The agent changes the container first; the record and the audit entry follow together.
 */
export async function changeSessionState(ctx: AppContext, auth: AuthContext, sessionId: string, action: ContainerAction): Promise<SessionRecord> {
  const step = STEPS[action];
  const session = await findOwnSession(ctx, auth, sessionId);
  if (session.kind !== 'container') throw createError(409, 'not_supported', `A remote session cannot ${action}; end it instead.`);
  const { policy } = await userPolicy(ctx.knex, ctx.config, session.userId);
  if (!isAdmin(auth) && !policy[step.allowedBy]) throw createError(403, 'not_allowed_by_policy', `Your group policy does not allow you to ${action} sessions.`);
  if (session.state !== step.from) throw createError(409, 'invalid_state', `A ${session.state} session cannot ${action}; it must be ${step.from}.`);

  const agent = session.agentId ? await new AgentsRepository(ctx.knex).findById(session.agentId) : undefined;
  if (!agent) throw createError(409, 'invalid_state', 'The session has no agent.');
  try {
    await ctx.agents.changeContainer(agent, session.id, action);
  } catch (error) {
    if (!(error instanceof AgentCallError)) throw error;
    throw createError(502, 'agent_failed', `The agent could not ${action} the session: ${error.message}`);
  }

  const actor = actorOf(auth);
  // Back to running: the keepalive clock starts again, or the reaper would end it at once.
  const keepaliveUntil = step.to === 'running' ? new Date(Date.now() + policy.keepalive_expiration * 1000) : undefined;
  return transaction(ctx.knex, async (trx) => {
    const changed = await new SessionsRepository(trx).transition(session.id, {
      to: step.to,
      actor: actor.label,
      ...(keepaliveUntil && { set: { keepaliveUntil } }),
    });
    await new AuditRepository(trx).record({ ...actor.audit, action: `session.${action}`, targetType: 'session', targetId: session.id });
    return changed;
  });
}
