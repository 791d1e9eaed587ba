import { AgentsRepository, AuditRepository, SessionsRepository, transaction } from '@atrium/db';
import { actorOf, type AuthContext } from '../auth/auth-context';
import type { AppContext } from '../context';
import { findOwnSession } from '../sessions/find-own-session';

/**
 * Ends sharing (owner or administrator): the share id stops working, the viewers are forgotten, and their
 * open streams are closed on the agent. Revoking an unshared session changes nothing.
 */
export async function revokeShare(ctx: AppContext, auth: AuthContext, sessionId: string): Promise<void> {
  const session = await findOwnSession(ctx, auth, sessionId);
  if (!session.shareId) return;
  const actor = actorOf(auth);
  await transaction(ctx.knex, async (trx) => {
    await new SessionsRepository(trx).setShareId(session.id, null);
    await new AuditRepository(trx).record({ ...actor.audit, action: 'session.unshare', targetType: 'session', targetId: session.id });
  });
  // After the record: a viewer reconnecting from now on is refused, so closing once is enough.
  const agent = session.agentId ? await new AgentsRepository(ctx.knex).findById(session.agentId) : undefined;
  if (!agent) return;
  try {
    const closed = await ctx.agents.closeStreams(agent, session.id, { shareId: session.shareId });
    ctx.logger.info({ sessionId: session.id, closed }, "share revoked, viewers' streams closed");
  } catch (error) {
    ctx.logger.warn({ sessionId: session.id, reason: (error as Error).message }, "share revoked, but the viewers' streams could not be closed");
  }
}
