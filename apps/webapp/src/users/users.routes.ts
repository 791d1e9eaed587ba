import { createUserSchema } from '@atrium/contracts';
import { parseBody } from '@atrium/http';
import { Router } from 'express';
import { requireAdmin, requireAuth } from '../auth/authenticate.middleware';
import { actorOf } from '../auth/auth-context';
import type { AppContext } from '../context';
import { createUser } from './create-user.use-case';

/** Administrators manage users. */
export function userRoutes(ctx: AppContext): Router {
  const router = Router();
  router.post('/', requireAdmin, async (req, res) => {
    res.status(201).json(await createUser(ctx, actorOf(requireAuth(res)), parseBody(createUserSchema, req)));
  });
  return router;
}
