import { AuthSessionsRepository } from '@atrium/db';
import type { Actor } from '../auth/auth-context';
import type { AppContext } from '../context';
import { auditedWrite } from '../writes/audited-write';
import { closeAllStreamsOf, manageableUser } from './manage-user';

/** Signs a user out of every browser, and closes their open streams; their sessions keep running. */
export async function signOutUser(ctx: AppContext, actor: Actor, userId: string): Promise<void> {
  await manageableUser(ctx, actor, userId);
  await auditedWrite(ctx, actor, { action: 'user.sign_out', targetType: 'user' }, async (trx) => {
    await new AuthSessionsRepository(trx).revokeAllOf(userId);
    return { id: userId };
  });
  await closeAllStreamsOf(ctx, userId);
}
