import { ServersRepository } from '@atrium/db';
import { createError } from '@atrium/http';
import type { Actor } from '../auth/auth-context';
import type { AppContext } from '../context';
import { auditedWrite } from '../writes/audited-write';

/** Removes a server from the registry; its past sessions keep their history (the reference becomes null). */
export async function deleteServer(ctx: AppContext, actor: Actor, serverId: string): Promise<void> {
  await auditedWrite(ctx, actor, { action: 'server.delete', targetType: 'server' }, async (trx) => {
    if (!(await new ServersRepository(trx).delete(serverId))) throw createError(404, 'server_not_found', 'No such server.');
    return { id: serverId };
  });
}
