import { createGroupSchema, groupSettingsSchema, setGroupMembersSchema, updateGroupSchema } from '@atrium/contracts';
import { parseBody, parseParams } from '@atrium/http';
import { Router } from 'express';
import { z } from 'zod';
import { requireAdmin, requireAuth } from '../auth/authenticate.middleware';
import { actorOf } from '../auth/auth-context';
import type { AppContext } from '../context';
import { createGroup } from './create-group.use-case';
import { listGroups } from './list-groups.use-case';
import { setGroupMembers } from './set-group-members.use-case';
import { setGroupSettings } from './set-group-settings.use-case';
import { updateGroup } from './update-group.use-case';

const groupParams = z.object({ groupId: z.string().uuid() });

/**
 * Groups carry access and policy: a server is granted to groups, a user reaches it through membership, and
 * the user's groups (by priority) decide the settings that govern their sessions. Admins only.
 */
export function groupRoutes(ctx: AppContext): Router {
  const router = Router();
  router.use(requireAdmin);

  router.get('/', async (_req, res) => {
    res.json(await listGroups(ctx));
  });

  router.post('/', async (req, res) => {
    res.status(201).json(await createGroup(ctx, actorOf(requireAuth(res)), parseBody(createGroupSchema, req)));
  });

  router.patch('/:groupId', async (req, res) => {
    const { groupId } = parseParams(groupParams, req);
    await updateGroup(ctx, actorOf(requireAuth(res)), groupId, parseBody(updateGroupSchema, req));
    res.status(204).end();
  });

  router.put('/:groupId/settings', async (req, res) => {
    const { groupId } = parseParams(groupParams, req);
    await setGroupSettings(ctx, actorOf(requireAuth(res)), groupId, parseBody(groupSettingsSchema, req));
    res.status(204).end();
  });

  router.put('/:groupId/members', async (req, res) => {
    const { groupId } = parseParams(groupParams, req);
    const { userIds } = parseBody(setGroupMembersSchema, req);
    await setGroupMembers(ctx, actorOf(requireAuth(res)), groupId, userIds);
    res.status(204).end();
  });

  return router;
}
