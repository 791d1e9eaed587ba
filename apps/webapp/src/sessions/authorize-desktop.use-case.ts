import { AgentsRepository } from '@atrium/db';
import { createError } from '@atrium/http';
import type { AuthContext } from '../auth/auth-context';
import type { AppContext } from '../context';
import { findOwnSession } from './find-own-session';

export interface DesktopGrant {
  upstream: string;
  connectToken: string;
}

/**
 * kasm_proxy's auth_request for `/desktop/<id>/websockify`: the caller must own the session (or be an admin)
 * and it must be running. Answers where the agent is and a connect token bound to the session.
 */
export async function authorizeDesktop(ctx: AppContext, auth: AuthContext, sessionId: string): Promise<DesktopGrant> {
  const session = await findOwnSession(ctx, auth, sessionId);
  if (session.state !== 'running' || !session.agentId) throw createError(403, 'session_not_running', 'This session is not running.');
  const agent = await new AgentsRepository(ctx.knex).findById(session.agentId);
  if (!agent) throw createError(403, 'session_not_running', 'The session has no agent.');
  const upstream = new URL(agent.apiUrl).host;
  const full = session.userId === auth.user.id;
  // A viewer who is not the owner watches only: no input, and no clipboard either way.
  const clip = { up: full && ctx.config.CLIPBOARD_ALLOWED, down: full && ctx.config.CLIPBOARD_ALLOWED };
  const claims = { sid: session.id, perm: full ? ('full' as const) : ('view' as const), clip, asid: auth.authSessionId };
  return { upstream, connectToken: ctx.signer.connectToken(agent.id, claims) };
}
