import { AuditRepository, AuthSessionsRepository, transaction, UsersRepository } from '@atrium/db';
import type { AppContext } from '../../context';

/** The session owed its second factor and got it (`method`): it now opens everything, for the full sign-in time. */
export async function completeSignIn(ctx: AppContext, session: { id: string; userId: string }, method: string, ip: string): Promise<void> {
  const expiresAt = new Date(Date.now() + ctx.config.SESSION_TTL_HOURS * 3600_000);
  await transaction(ctx.knex, async (trx) => {
    await new AuthSessionsRepository(trx).completeSecondFactor(session.id, expiresAt);
    await new UsersRepository(trx).recordLogin(session.userId);
    await new AuditRepository(trx).record({ actorType: 'user', actorId: session.userId, action: 'auth.login', detail: { secondFactor: method }, ip });
  });
}
