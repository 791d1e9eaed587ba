import { createUserSchema, type UserView } from '@atrium/contracts';
import { UsersRepository } from '@atrium/db';
import { parseBody } from '@atrium/http';
import { Router } from 'express';
import { actorOf } from '../auth/auth-context';
import { requireAdmin, requireAuth } from '../auth/authenticate.middleware';
import type { AppContext } from '../context';
import { createUser } from './create-user.use-case';

/** Administrators manage users. */
export function userRoutes(ctx: AppContext): Router {
  const router = Router();
  router.use(requireAdmin);

  router.get('/', async (_req, res) => {
    const users = await new UsersRepository(ctx.knex).list();
    res.json(
      users.map((user): UserView => ({
        id: user.id,
        username: user.username,
        role: user.role,
        disabled: user.disabled,
        createdAt: user.createdAt.toISOString(),
        lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
      })),
    );
  });

  router.post('/', async (req, res) => {
    res.status(201).json(await createUser(ctx, actorOf(requireAuth(res)), parseBody(createUserSchema, req)));
  });
  return router;
}
