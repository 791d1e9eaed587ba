import { createServerSchema, updateServerSchema, type CreateServer, type ServerView } from '@atrium/contracts';
import { AuditRepository, GroupsRepository, ServersRepository, transaction, type ServerRecord, type ServerWrite } from '@atrium/db';
import { createError, parseBody, parseParams } from '@atrium/http';
import { Router } from 'express';
import { z } from 'zod';
import { requireAdmin, requireAuth } from '../auth/authenticate.middleware';
import type { AppContext } from '../context';

const serverParams = z.object({ serverId: z.string().uuid() });

/** Never the credentials: only the view, whoever asks. */
const toView = ({ credentialsEncrypted: _sealed, ...view }: ServerRecord): ServerView => view;

/** Admins register remote systems and grant them to groups; users list the ones their groups reach. */
export function serverRoutes(ctx: AppContext): Router {
  const router = Router();

  const toWrite = async (input: Partial<CreateServer>): Promise<ServerWrite> => {
    for (const groupId of input.groupIds ?? []) {
      if (!(await new GroupsRepository(ctx.knex).exists(groupId))) throw createError(400, 'unknown_group', `No group ${groupId}.`);
    }
    const { credentials, ...rest } = input;
    if (!credentials) return rest;
    const sealed = credentials.mode === 'static' ? ctx.credentials.encrypt({ username: credentials.username, password: credentials.password }) : null;
    return { ...rest, credentialMode: credentials.mode, credentialsEncrypted: sealed };
  };

  const audit = (actorId: string, action: string, targetId: string) =>
    new AuditRepository(ctx.knex).record({ actorType: 'user', actorId, action, targetType: 'server', targetId });

  router.get('/', async (_req, res) => {
    const auth = requireAuth(res);
    const servers = await new ServersRepository(ctx.knex).list(auth.user.role === 'admin' ? {} : { visibleTo: auth.user.id });
    res.json(servers.map(toView));
  });

  router.post('/', requireAdmin, async (req, res) => {
    const input = parseBody(createServerSchema, req);
    const write = await toWrite(input);
    const server = await transaction(ctx.knex, (trx) => new ServersRepository(trx).create({ ...write, name: input.name, protocol: input.protocol, hostname: input.hostname, port: input.port }))
      .catch((error: { code?: string }) => {
        throw error.code === '23505' ? createError(409, 'server_exists', `A server named ${input.name} exists already.`) : error;
      });
    await audit(requireAuth(res).user.id, 'server.create', server.id);
    res.status(201).json(toView(server));
  });

  router.patch('/:serverId', requireAdmin, async (req, res) => {
    const { serverId } = parseParams(serverParams, req);
    const write = await toWrite(parseBody(updateServerSchema, req));
    const server = await transaction(ctx.knex, (trx) => new ServersRepository(trx).update(serverId, write));
    if (!server) throw createError(404, 'server_not_found', 'No such server.');
    await audit(requireAuth(res).user.id, 'server.update', serverId);
    res.json(toView(server));
  });

  router.delete('/:serverId', requireAdmin, async (req, res) => {
    const { serverId } = parseParams(serverParams, req);
    if (!(await new ServersRepository(ctx.knex).delete(serverId))) throw createError(404, 'server_not_found', 'No such server.');
    await audit(requireAuth(res).user.id, 'server.delete', serverId);
    res.status(204).end();
  });

  return router;
}
