import type { TransferDirection } from '@atrium/contracts';
import { AgentsRepository, SessionsRepository } from '@atrium/db';
import { createError } from '@atrium/http';
import { browserSessionOf, type AuthContext } from '../auth/auth-context';
import type { AppContext } from '../context';
import { userPolicy } from '../policy/user-policy';
import { streamUpstreamOf, type DesktopGrant } from './authorize-desktop.use-case';

const REFUSED_BY_POLICY: Record<TransferDirection, { code: string; sentence: string }> = {
  upload: { code: 'uploads_disabled', sentence: 'Your policy does not allow uploading files into sessions.' },
  download: { code: 'downloads_disabled', sentence: 'Your policy does not allow downloading files from sessions.' },
};

/**
 * kasm_proxy's auth_request for `/desktop/<id>/files/…`: only the session's owner moves files (a share viewer
 * or an administrator watching does not), only in a running container session, and only in a direction their
 * policy allows. The connect token carries both directions, so the agent checks them again where the bytes flow.
 */
export async function authorizeFiles(ctx: AppContext, auth: AuthContext, sessionId: string, direction: TransferDirection): Promise<DesktopGrant> {
  const session = await new SessionsRepository(ctx.knex).findById(sessionId);
  if (!session) throw createError(404, 'session_not_found', 'No such session.');
  if (session.userId !== auth.user.id) throw createError(403, 'files_owner_only', 'Only the owner of a session moves files in and out of it.');
  if (session.kind !== 'container') throw createError(409, 'files_not_container', 'This session is not a container workspace.');
  if (session.state !== 'running' || !session.agentId) throw createError(403, 'session_not_running', 'This session is not running.');
  const { policy } = await userPolicy(ctx.knex, ctx.config, session.userId);
  const rights = { up: policy.allow_kasm_uploads, down: policy.allow_kasm_downloads };
  if (!(direction === 'upload' ? rights.up : rights.down)) {
    throw createError(403, REFUSED_BY_POLICY[direction].code, REFUSED_BY_POLICY[direction].sentence);
  }
  const agent = await new AgentsRepository(ctx.knex).findById(session.agentId);
  if (!agent) throw createError(403, 'session_not_running', 'The session has no agent.');
  const claims = { sid: session.id, own: session.userId, asid: browserSessionOf(auth), ...rights };
  return { upstream: streamUpstreamOf(agent), connectToken: ctx.signer.filesToken(agent.id, claims) };
}
