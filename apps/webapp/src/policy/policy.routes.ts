import { UsersRepository } from '@atrium/db';
import { createError, parseParams } from '@atrium/http';
import { Router } from 'express';
import { z } from 'zod';
import { requireAdmin, requireAuth } from '../auth/authenticate.middleware';
import type { AppContext } from '../context';
import { userPolicy } from './user-policy';

const userParams = z.object({ userId: z.string().uuid() });

/** Each user reads the policy that governs their sessions; an administrator reads anyone's. */
export function policyRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get('/me/policy', async (_req, res) => {
    res.json(await userPolicy(ctx.knex, ctx.config, requireAuth(res).user.id));
  });

  router.get('/users/:userId/policy', requireAdmin, async (req, res) => {
    const { userId } = parseParams(userParams, req);
    if (!(await new UsersRepository(ctx.knex).findById(userId))) throw createError(404, 'user_not_found', 'No such user.');
    res.json(await userPolicy(ctx.knex, ctx.config, userId));
  });

  return router;
}
