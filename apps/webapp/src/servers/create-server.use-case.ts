import type { CreateServer, ServerView } from '@atrium/contracts';
import { ServersRepository } from '@atrium/db';
import type { Actor } from '../auth/auth-context';
import type { AppContext } from '../context';
import { auditedWrite } from '../writes/audited-write';
import { conflictAs } from '../writes/constraint-conflicts';
import { toServerView, toServerWrite, unknownGroup } from './server-write';

export async function createServer(ctx: AppContext, actor: Actor, input: CreateServer): Promise<ServerView> {
  const write = { ...toServerWrite(ctx, input), name: input.name, protocol: input.protocol, hostname: input.hostname, port: input.port };
  const server = await auditedWrite(ctx, actor, { action: 'server.create', targetType: 'server' }, (trx) => new ServersRepository(trx).create(write))
    .catch(conflictAs('server_exists', `A server named ${input.name} exists already.`))
    .catch(unknownGroup);
  return toServerView(server);
}
