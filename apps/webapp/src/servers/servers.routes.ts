import { createServerSchema, updateServerSchema } from '@atrium/contracts';
import { parseBody, parseParams } from '@atrium/http';
import { Router, type Request } from 'express';
import { z } from 'zod';
import { requireAdmin, requireAuth } from '../auth/authenticate.middleware';
import { actorOf } from '../auth/auth-context';
import type { AppContext } from '../context';
import { createServer } from './create-server.use-case';
import { deleteServer } from './delete-server.use-case';
import { listServers } from './list-servers.use-case';
import { updateServer } from './update-server.use-case';

const serverIdOf = (req: Request) => parseParams(z.object({ serverId: z.string().uuid() }), req).serverId;

/** Admins register remote systems and grant them to groups; users list the ones their groups reach. */
export function serverRoutes(ctx: AppContext): Router {
  const router = Router();

  router
    .route('/')
    .get(async (_req, res) => {
      res.json(await listServers(ctx, requireAuth(res)));
    })
    .post(requireAdmin, async (req, res) => {
      res.status(201).json(await createServer(ctx, actorOf(requireAuth(res)), parseBody(createServerSchema, req)));
    });

  router
    .route('/:serverId')
    .all(requireAdmin)
    .patch(async (req, res) => {
      res.json(await updateServer(ctx, actorOf(requireAuth(res)), serverIdOf(req), parseBody(updateServerSchema, req)));
    })
    .delete(async (req, res) => {
      await deleteServer(ctx, actorOf(requireAuth(res)), serverIdOf(req));
      res.status(204).end();
    });

  return router;
}
