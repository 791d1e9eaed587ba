import { createGroupSchema, setGroupMembersSchema } from '@atrium/contracts';
import { parseBody, parseParams } from '@atrium/http';
import { Router } from 'express';
import { z } from 'zod';
import { requireAdmin, requireAuth } from '../auth/authenticate.middleware';
import type { AppContext } from '../context';
import { createGroup } from './create-group.use-case';
import { listGroups } from './list-groups.use-case';
import { setGroupMembers } from './set-group-members.use-case';

const groupParams = z.object({ groupId: z.string().uuid() });

/** Groups carry access: a server is granted to groups, a user reaches it through membership. Admins only. */
export function groupRoutes(ctx: AppContext): Router {
  const router = Router();
  router.use(requireAdmin);

  router.get('/', async (_req, res) => {
    res.json(await listGroups(ctx));
  });

  router.post('/', async (req, res) => {
    res.status(201).json(await createGroup(ctx, requireAuth(res), parseBody(createGroupSchema, req)));
  });

  router.put('/:groupId/members', async (req, res) => {
    const { groupId } = parseParams(groupParams, req);
    const { userIds } = parseBody(setGroupMembersSchema, req);
    await setGroupMembers(ctx, requireAuth(res), groupId, userIds);
    res.status(204).end();
  });

  return router;
}
