import { AgentsRepository, SessionsRepository } from '@atrium/db';
import { browserSessionOf, type AuthContext } from '../auth/auth-context';
import type { AppContext } from '../context';

/**
 * After a sign-out: closes the desktop and remote streams that this browser sign-in holds open, on every
 * agent and the connection proxy, within the request. Best effort: a role that does not answer is logged
 * (the streams' tokens are minutes-lived at most, and the cookie that opened them is already revoked).
 */
export async function closeBrowserStreams(ctx: AppContext, auth: AuthContext): Promise<void> {
  // Required: without it, the calls below would close every stream of the user's sessions.
  const authSessionId = browserSessionOf(auth);
  const sessions = (await new SessionsRepository(ctx.knex).listLive({ userId: auth.user.id })).filter((session) => session.state === 'running');
  const agents = new AgentsRepository(ctx.knex);
  const results = await Promise.allSettled(
    sessions.map(async (session) => {
      if (session.kind === 'remote') return ctx.connectionProxy.closeSession(session.id, authSessionId);
      const agent = session.agentId ? await agents.findById(session.agentId) : undefined;
      return agent ? ctx.agents.closeStreams(agent, session.id, { authSessionId }) : 0;
    }),
  );
  for (const result of results) {
    if (result.status === 'rejected') ctx.logger.warn({ reason: (result.reason as Error).message }, 'could not close a stream after sign-out');
  }
}
