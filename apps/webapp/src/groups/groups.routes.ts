import { createGroupSchema, setGroupMembersSchema } from '@atrium/contracts';
import { AuditRepository, GroupsRepository, transaction } from '@atrium/db';
import { createError, parseBody, parseParams } from '@atrium/http';
import { Router } from 'express';
import { z } from 'zod';
import { requireAdmin, requireAuth } from '../auth/authenticate.middleware';
import type { AppContext } from '../context';

/** Groups carry access: a server is granted to groups, a user reaches it through membership. Admins only. */
export function groupRoutes(ctx: AppContext): Router {
  const router = Router();
  router.use(requireAdmin);

  router.get('/', async (_req, res) => {
    res.json(await new GroupsRepository(ctx.knex).list());
  });

  router.post('/', async (req, res) => {
    const input = parseBody(createGroupSchema, req);
    const group = await new GroupsRepository(ctx.knex).create(input).catch((error: { code?: string }) => {
      throw error.code === '23505' ? createError(409, 'group_exists', `A group named ${input.name} exists already.`) : error;
    });
    await new AuditRepository(ctx.knex).record({ actorType: 'user', actorId: requireAuth(res).user.id, action: 'group.create', targetType: 'group', targetId: group.id });
    res.status(201).json(group);
  });

  router.put('/:groupId/members', async (req, res) => {
    const { groupId } = parseParams(z.object({ groupId: z.string().uuid() }), req);
    const { userIds } = parseBody(setGroupMembersSchema, req);
    if (!(await new GroupsRepository(ctx.knex).exists(groupId))) throw createError(404, 'group_not_found', 'No such group.');
    await transaction(ctx.knex, async (trx) => {
      await new GroupsRepository(trx).setMembers(groupId, [...new Set(userIds)]);
      await new AuditRepository(trx).record({ actorType: 'user', actorId: requireAuth(res).user.id, action: 'group.set_members', targetType: 'group', targetId: groupId, detail: { count: userIds.length } });
    }).catch((error: { code?: string }) => {
      throw error.code === '23503' ? createError(400, 'unknown_user', 'One of the users does not exist.') : error;
    });
    res.status(204).end();
  });

  return router;
}
