import { ApiKeysRepository } from '@atrium/db';
import { createError } from '@atrium/http';
import type { Actor } from '../auth/auth-context';
import type { AppContext } from '../context';
import { auditedWrite } from '../writes/audited-write';

/** Revokes a key: every call with it is refused from now on (401). */
export async function revokeApiKey(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  await auditedWrite(ctx, actor, { action: 'api_key.revoke', targetType: 'api_key' }, async (trx) => {
    const revoked = await new ApiKeysRepository(trx).revoke(id);
    if (!revoked) throw createError(404, 'api_key_not_found', 'No such API key.');
    return revoked;
  });
}
