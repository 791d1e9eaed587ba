import type { ConnectTokenClaims } from '@atrium/contracts';
import { AgentsRepository, SessionsRepository, type AgentRecord, type SessionRecord } from '@atrium/db';
import { createError } from '@atrium/http';
import { browserSessionOf, isAdmin, type AuthContext } from '../auth/auth-context';
import type { AppContext } from '../context';
import { userPolicy } from '../policy/user-policy';

export interface DesktopGrant {
  upstream: string;
  connectToken: string;
}

type StreamRights = Pick<ConnectTokenClaims, 'perm' | 'clip' | 'shr' | 'snd'>;

/** Which of a container session's streams is asked for: its desktop, or its sound. */
export type DesktopStream = 'desktop' | 'audio';

/**
 * Where kasm_proxy relays the stream (its `proxy_pass http://<upstream>/…`): the agent's Unix socket when it
 * offers one (nginx's `unix:<path>:` form), else the host and port of its API.
 */
export const streamUpstreamOf = (agent: AgentRecord) => (agent.streamSocket ? `unix:${agent.streamSocket}:` : new URL(agent.apiUrl).host);

/**
 * kasm_proxy's auth_request for `/desktop/<id>/websockify`: the session must be running, and the caller its
 * owner, a viewer who joined its share while it lasts, or an administrator. Answers where the agent is and a
 * connect token bound to the session, carrying what the stream may do under the owner's policy.
 */
export async function authorizeDesktop(ctx: AppContext, auth: AuthContext, sessionId: string, stream: DesktopStream = 'desktop'): Promise<DesktopGrant> {
  const session = await new SessionsRepository(ctx.knex).findById(sessionId);
  if (!session) throw createError(404, 'session_not_found', 'No such session.');
  const rights = await streamRights(ctx, auth, session);
  if (session.state !== 'running' || !session.agentId) throw createError(403, 'session_not_running', 'This session is not running.');
  if (stream === 'audio' && !rights.snd.out) throw createError(403, 'audio_disabled', 'The policy does not let this viewer hear the session.');
  const agent = await new AgentsRepository(ctx.knex).findById(session.agentId);
  if (!agent) throw createError(403, 'session_not_running', 'The session has no agent.');
  const claims = { sid: session.id, own: session.userId, asid: browserSessionOf(auth), ...rights };
  return { upstream: streamUpstreamOf(agent), connectToken: ctx.signer.connectToken(agent.id, claims) };
}

/**
 * The owner gets full control, and the clipboard and sound their policy allows. A share viewer watches (or, when
 * the owner's policy says `shared_session_full_control`, also types and points), hears the session when it says
 * `shared_session_audio`, and never gets the clipboard or the microphone: those are about the owner's browser.
 * An administrator who is not the owner watches, silently.
 */
async function streamRights(ctx: AppContext, auth: AuthContext, session: SessionRecord): Promise<StreamRights> {
  const noClipboard = { up: false, down: false };
  const { policy } = await userPolicy(ctx.knex, ctx.config, session.userId);
  if (session.userId === auth.user.id) {
    return {
      perm: 'full',
      clip: { up: policy.allow_kasm_clipboard_up, down: policy.allow_kasm_clipboard_down },
      snd: { out: policy.allow_kasm_audio, mic: policy.allow_kasm_microphone },
    };
  }
  if (session.shareId && (await new SessionsRepository(ctx.knex).isViewer(session.id, auth.user.id))) {
    const perm = policy.shared_session_full_control ? 'full' : 'view';
    return { perm, clip: noClipboard, shr: session.shareId, snd: { out: policy.allow_kasm_audio && policy.shared_session_audio, mic: false } };
  }
  if (isAdmin(auth)) return { perm: 'view', clip: noClipboard, snd: { out: false, mic: false } };
  throw createError(403, 'not_session_owner', 'This session belongs to someone else.');
}
