import { TERMINAL_STATES } from '@atrium/contracts';
import { AgentsRepository, AuditRepository, ProfilesRepository, SessionsRepository, transaction, type SessionRecord } from '@atrium/db';
import { createError } from '@atrium/http';
import { actorOf, isAdmin, type Actor, type AuthContext } from '../auth/auth-context';
import type { AppContext } from '../context';
import { AgentCallError } from '../infrastructure/agent-client';
import { userPolicy } from '../policy/user-policy';
import { findOwnSession } from './find-own-session';

/** A user ends their own session when their policy allows it (`allow_kasm_delete`); administrators always may. */
export async function endOwnSession(ctx: AppContext, auth: AuthContext, sessionId: string): Promise<SessionRecord> {
  const session = await findOwnSession(ctx, auth, sessionId);
  if (!isAdmin(auth) && !(await userPolicy(ctx.knex, ctx.config, session.userId)).policy.allow_kasm_delete) {
    throw createError(403, 'not_allowed_by_policy', 'Your group policy does not allow you to end sessions; they end when their time is up.');
  }
  return destroySession(ctx, actorOf(auth), session);
}

/**
 * Ends a session: `stopping` (from then on it cannot be opened), its streams closed and its container removed
 * by the agent, `destroyed`. When the agent does not answer or refuses, the session stays `stopping`, the
 * failure is recorded with a retry time, and the reaper tries again with backoff until the container is gone;
 * the caller gets 503. Ending a session that is over (destroyed, or ended by its remote system) changes nothing.
 */
export async function destroySession(ctx: AppContext, actor: Actor, session: SessionRecord, reason?: string): Promise<SessionRecord> {
  if (TERMINAL_STATES.includes(session.state)) return session;
  const stopping =
    session.state === 'stopping'
      ? session
      : await transaction(ctx.knex, (trx) =>
          new SessionsRepository(trx).transition(session.id, { to: 'stopping', actor: actor.label, ...(reason && { detail: reason }) }),
        );
  try {
    await releaseResources(ctx, stopping);
  } catch (error) {
    if (!(error instanceof AgentCallError)) throw error;
    await new SessionsRepository(ctx.knex).recordStopFailure(stopping.id);
    ctx.logger.warn({ sessionId: stopping.id, reason: error.message }, 'agent did not remove the container; the reaper retries');
    throw createError(503, 'agent_unavailable', 'The session is ending, but its agent did not answer; Atrium keeps trying until it is gone.');
  }
  return transaction(ctx.knex, async (trx) => {
    await new AuditRepository(trx).record({
      ...actor.audit,
      action: 'session.destroy',
      targetType: 'session',
      targetId: session.id,
      ...(reason && { detail: { reason } }),
    });
    return new SessionsRepository(trx).transition(session.id, { to: 'destroyed', actor: actor.label });
  });
}

/** Frees what the session holds: its container (with its streams) on the agent, or its remote streams. */
async function releaseResources(ctx: AppContext, session: SessionRecord): Promise<void> {
  if (session.kind === 'remote') return closeRemoteStreams(ctx, session.id);
  const agent = session.agentId ? await new AgentsRepository(ctx.knex).findById(session.agentId) : undefined;
  if (!agent) return;
  const { profileBytes } = await ctx.agents.destroy(agent, session.id);
  // The agent saved the user's kept home on its way out: record where it is and how big.
  if (profileBytes !== null && session.workspaceId) {
    await new ProfilesRepository(ctx.knex).recordSaved({
      userId: session.userId,
      workspaceId: session.workspaceId,
      agentId: agent.id,
      sizeBytes: profileBytes,
    });
  }
}

/** Cuts the session's open streams; if the proxy cannot be reached, new connections are refused all the same. */
async function closeRemoteStreams(ctx: AppContext, sessionId: string): Promise<void> {
  try {
    await ctx.connectionProxy.closeSession(sessionId);
  } catch (error) {
    ctx.logger.warn({ sessionId, reason: (error as Error).message }, "could not close the remote session's streams");
  }
}
