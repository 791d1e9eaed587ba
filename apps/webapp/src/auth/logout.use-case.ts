import { AuditRepository, AuthSessionsRepository, transaction } from '@atrium/db';
import type { AppContext } from '../context';
import type { AuthContext } from './auth-context';

/** Revokes the browser session on the server, so the cookie is worthless even if it was copied. */
export async function logout(ctx: AppContext, auth: AuthContext): Promise<void> {
  await transaction(ctx.knex, async (trx) => {
    await new AuthSessionsRepository(trx).revoke(auth.authSessionId);
    await new AuditRepository(trx).record({ actorType: 'user', actorId: auth.user.id, action: 'auth.logout' });
  });
}
