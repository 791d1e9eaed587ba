import type { ServerView, UpdateServer } from '@atrium/contracts';
import { ServersRepository } from '@atrium/db';
import { createError } from '@atrium/http';
import type { Actor } from '../auth/auth-context';
import type { AppContext } from '../context';
import { auditedWrite } from '../writes/audited-write';
import { conflictAs } from '../writes/constraint-conflicts';
import { toServerView, toServerWrite, unknownGroup } from './server-write';

export async function updateServer(ctx: AppContext, actor: Actor, serverId: string, input: UpdateServer): Promise<ServerView> {
  const write = toServerWrite(ctx, input);
  const server = await auditedWrite(ctx, actor, { action: 'server.update', targetType: 'server' }, async (trx) => {
    const updated = await new ServersRepository(trx).update(serverId, write);
    if (!updated) throw createError(404, 'server_not_found', 'No such server.');
    return updated;
  })
    .catch(conflictAs('server_exists', `A server named ${input.name ?? ''} exists already.`))
    .catch(unknownGroup);
  return toServerView(server);
}
