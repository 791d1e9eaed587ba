import { AuditRepository, AuthSessionsRepository, transaction } from '@atrium/db';
import type { AppContext } from '../context';
import { closeBrowserStreams } from '../sessions/close-browser-streams';
import { browserSessionOf, type AuthContext } from './auth-context';

/**
 * Revokes the browser session on the server, so the cookie is worthless even if it was copied, and closes
 * the desktop and remote streams this browser holds open.
 */
export async function logout(ctx: AppContext, auth: AuthContext): Promise<void> {
  await transaction(ctx.knex, async (trx) => {
    await new AuthSessionsRepository(trx).revoke(browserSessionOf(auth));
    await new AuditRepository(trx).record({ actorType: 'user', actorId: auth.user.id, action: 'auth.logout' });
  });
  await closeBrowserStreams(ctx, auth);
}
