import { parseParams } from '@atrium/http';
import { Router } from 'express';
import { z } from 'zod';
import { requireAdmin, requireAuth } from '../auth/authenticate.middleware';
import { actorOf } from '../auth/auth-context';
import type { AppContext } from '../context';
import { listProfiles } from './list-profiles.use-case';
import { existingUserId, resetProfile } from './reset-profile.use-case';

const workspaceParams = z.object({ workspaceId: z.string().uuid() });
const userParams = z.object({ userId: z.string().uuid() });
const userWorkspaceParams = userParams.merge(workspaceParams);

/** A person's own kept homes (`/api/me/profiles`): list them, reset one. */
export function ownProfileRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    res.json(await listProfiles(ctx, requireAuth(res).user.id));
  });
  router.delete('/:workspaceId', async (req, res) => {
    const auth = requireAuth(res);
    await resetProfile(ctx, actorOf(auth), auth.user.id, parseParams(workspaceParams, req).workspaceId);
    res.status(204).end();
  });
  return router;
}

/** Any user's kept homes, for administrators (`/api/users/:userId/profiles`). */
export function userProfileRoutes(ctx: AppContext): Router {
  const router = Router({ mergeParams: true });
  router.get('/', requireAdmin, async (req, res) => {
    res.json(await listProfiles(ctx, await existingUserId(ctx, parseParams(userParams, req).userId)));
  });
  router.delete('/:workspaceId', requireAdmin, async (req, res) => {
    const { userId, workspaceId } = parseParams(userWorkspaceParams, req);
    await resetProfile(ctx, actorOf(requireAuth(res)), await existingUserId(ctx, userId), workspaceId);
    res.status(204).end();
  });
  return router;
}
