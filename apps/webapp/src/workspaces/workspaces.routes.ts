import { createWorkspaceSchema, updateWorkspaceSchema } from '@atrium/contracts';
import { AuditRepository, WorkspacesRepository } from '@atrium/db';
import { createError, parseBody, parseParams } from '@atrium/http';
import { Router } from 'express';
import { z } from 'zod';
import { requireAdmin, requireAuth } from '../auth/authenticate.middleware';
import type { AppContext } from '../context';

const workspaceParams = z.object({ workspaceId: z.string().uuid() });

/** The catalog: users list what they may launch; administrators also see disabled ones and edit. */
export function workspaceRoutes(ctx: AppContext): Router {
  const router = Router();
  const repository = () => new WorkspacesRepository(ctx.knex);
  const audit = (actorId: string, action: string, targetId: string) =>
    new AuditRepository(ctx.knex).record({ actorType: 'user', actorId, action, targetType: 'workspace', targetId });

  router.get('/', async (_req, res) => {
    res.json(await repository().list({ enabledOnly: requireAuth(res).user.role !== 'admin' }));
  });

  router.post('/', requireAdmin, async (req, res) => {
    const input = parseBody(createWorkspaceSchema, req);
    const workspace = await repository().create(input).catch((error: { code?: string }) => {
      throw error.code === '23505' ? createError(409, 'workspace_exists', `A workspace named ${input.name} exists already.`) : error;
    });
    await audit(requireAuth(res).user.id, 'workspace.create', workspace.id);
    res.status(201).json(workspace);
  });

  router.patch('/:workspaceId', requireAdmin, async (req, res) => {
    const { workspaceId } = parseParams(workspaceParams, req);
    const workspace = await repository().update(workspaceId, parseBody(updateWorkspaceSchema, req));
    if (!workspace) throw createError(404, 'workspace_not_found', 'No such workspace.');
    await audit(requireAuth(res).user.id, 'workspace.update', workspace.id);
    res.json(workspace);
  });

  return router;
}
