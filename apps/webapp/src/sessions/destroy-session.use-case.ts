import { AgentsRepository, AuditRepository, SessionsRepository, transaction, type SessionRecord } from '@atrium/db';
import type { Actor } from '../auth/auth-context';
import type { AppContext } from '../context';

/** Ends a session: stopping, the agent removes its container, destroyed. Ending an ended session changes nothing. */
export async function destroySession(ctx: AppContext, actor: Actor, session: SessionRecord, reason?: string): Promise<SessionRecord> {
  if (session.state === 'destroyed') return session;
  const stopping =
    session.state === 'stopping'
      ? session
      : await transaction(ctx.knex, (trx) =>
          new SessionsRepository(trx).transition(session.id, { to: 'stopping', actor: actor.label, ...(reason && { detail: reason }) }),
        );
  const agent = stopping.agentId ? await new AgentsRepository(ctx.knex).findById(stopping.agentId) : undefined;
  if (agent && stopping.kind === 'container') await ctx.agents.destroy(agent, stopping.id);
  if (stopping.kind === 'remote') await closeRemoteStreams(ctx, stopping.id);
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

/** Cuts the session's open streams; if the proxy cannot be reached, new connections are refused all the same. */
async function closeRemoteStreams(ctx: AppContext, sessionId: string): Promise<void> {
  try {
    await ctx.connectionProxy.closeSession(sessionId);
  } catch (error) {
    ctx.logger.warn({ sessionId, reason: (error as Error).message }, "could not close the remote session's streams");
  }
}
