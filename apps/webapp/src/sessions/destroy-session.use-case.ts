import { AgentsRepository, AuditRepository, SessionsRepository, transaction, type SessionRow } from '@atrium/db';
import type { AuthContext } from '../auth/authenticate.middleware';
import type { AppContext } from '../context';

/** Ends a session: stopping, the agent removes its container, destroyed. Ending an ended session changes nothing. */
export async function destroySession(ctx: AppContext, auth: AuthContext, session: SessionRow): Promise<SessionRow> {
  if (session.state === 'destroyed') return session;
  const actor = `user:${auth.user.id}`;
  const stopping = session.state === 'stopping' ? session : await transaction(ctx.knex, (trx) => new SessionsRepository(trx).transition(session.id, { to: 'stopping', actor }));
  const agent = stopping.agent_id ? await new AgentsRepository(ctx.knex).findById(stopping.agent_id) : undefined;
  if (agent && stopping.kind === 'container') await ctx.agents.destroy(agent, stopping.id);
  return transaction(ctx.knex, async (trx) => {
    await new AuditRepository(trx).record({ actorType: 'user', actorId: auth.user.id, action: 'session.destroy', targetType: 'session', targetId: session.id });
    return new SessionsRepository(trx).transition(session.id, { to: 'destroyed', actor });
  });
}
