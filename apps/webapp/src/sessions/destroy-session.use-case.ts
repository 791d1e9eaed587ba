import type { AuditEntry } from '@atrium/db';
import { AgentsRepository, AuditRepository, SessionsRepository, transaction, type SessionRow } from '@atrium/db';
import type { AppContext } from '../context';

export interface Actor {
  /** Recorded on the session's events, e.g. `user:<id>` or `reaper`. */
  label: string;
  audit: Pick<AuditEntry, 'actorType' | 'actorId'>;
}

/** Ends a session: stopping, the agent removes its container, destroyed. Ending an ended session changes nothing. */
export async function destroySession(ctx: AppContext, actor: Actor, session: SessionRow, reason?: string): Promise<SessionRow> {
  if (session.state === 'destroyed') return session;
  const stopping =
    session.state === 'stopping'
      ? session
      : await transaction(ctx.knex, (trx) => new SessionsRepository(trx).transition(session.id, { to: 'stopping', actor: actor.label, ...(reason && { detail: reason }) }));
  const agent = stopping.agent_id ? await new AgentsRepository(ctx.knex).findById(stopping.agent_id) : undefined;
  if (agent && stopping.kind === 'container') await ctx.agents.destroy(agent, stopping.id);
  if (stopping.kind === 'remote') await closeRemoteStreams(ctx, stopping.id);
  return transaction(ctx.knex, async (trx) => {
    await new AuditRepository(trx).record({ ...actor.audit, action: 'session.destroy', targetType: 'session', targetId: session.id, ...(reason && { detail: { reason } }) });
    return new SessionsRepository(trx).transition(session.id, { to: 'destroyed', actor: actor.label });
  });
}

export const userActor = (userId: string): Actor => ({ label: `user:${userId}`, audit: { actorType: 'user', actorId: userId } });

/** Cuts the session's open streams; if the proxy cannot be reached, new connections are refused all the same. */
async function closeRemoteStreams(ctx: AppContext, sessionId: string): Promise<void> {
  try {
    await ctx.connectionProxy.closeSession(sessionId);
  } catch (error) {
    ctx.logger.warn({ sessionId, reason: (error as Error).message }, 'could not close the remote session\'s streams');
  }
}
