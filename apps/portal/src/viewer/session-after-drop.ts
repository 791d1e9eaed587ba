import { ApiError } from '../api/api-error';
import { api } from '../api/client';
import type { SessionAfterDrop } from './reconnect';

/**
 * Asks the control plane what became of a session whose stream dropped. The owner reads the session; a share
 * viewer may not, and joins the share again instead (refused once the share is revoked or the session ended).
 */
export async function sessionAfterDrop(sessionId: string, shareId: string | null): Promise<SessionAfterDrop> {
  try {
    if (shareId) {
      await api.joinShare(shareId);
      return { state: 'running', errorMessage: null };
    }
    const session = await api.session(sessionId);
    return { state: session.state, errorMessage: session.errorMessage };
  } catch (error) {
    if (!(error instanceof ApiError) || error.status < 400 || error.status >= 500) return 'unreachable';
    return shareId ? 'unshared' : 'gone';
  }
}
