import { createWorkspaceSchema, updateWorkspaceSchema } from '@atrium/contracts';
import { parseBody, parseParams } from '@atrium/http';
import { Router } from 'express';
import { z } from 'zod';
import { requireAdmin, requireAuth } from '../auth/authenticate.middleware';
import { actorOf } from '../auth/auth-context';
import type { AppContext } from '../context';
import { createWorkspace } from './create-workspace.use-case';
import { listWorkspaces } from './list-workspaces.use-case';
import { updateWorkspace } from './update-workspace.use-case';

const workspaceParams = z.object({ workspaceId: z.string().uuid() });

/** The catalog: users list what they may launch; administrators also see disabled ones and edit. */
export function workspaceRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get('/', async (_req, res) => {
    res.json(await listWorkspaces(ctx, requireAuth(res)));
  });

  router.post('/', requireAdmin, async (req, res) => {
    res.status(201).json(await createWorkspace(ctx, actorOf(requireAuth(res)), parseBody(createWorkspaceSchema, req)));
  });

  router.patch('/:workspaceId', requireAdmin, async (req, res) => {
    const { workspaceId } = parseParams(workspaceParams, req);
    res.json(await updateWorkspace(ctx, actorOf(requireAuth(res)), workspaceId, parseBody(updateWorkspaceSchema, req)));
  });

  return router;
}
