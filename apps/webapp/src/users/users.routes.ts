import { createUserSchema } from '@atrium/contracts';
import { AuditRepository, UsersRepository } from '@atrium/db';
import { createError, parseBody } from '@atrium/http';
import { Router } from 'express';
import { hashPassword } from '../auth/password-hash';
import { requireAdmin, requireAuth } from '../auth/authenticate.middleware';
import type { AppContext } from '../context';

/** Administrators create users; the password is hashed at once and never stored or returned in clear. */
export function userRoutes(ctx: AppContext): Router {
  const router = Router();
  router.post('/', requireAdmin, async (req, res) => {
    const input = parseBody(createUserSchema, req);
    const user = await new UsersRepository(ctx.knex)
      .create({ username: input.username, passwordHash: await hashPassword(input.password), role: input.role })
      .catch((error: { code?: string }) => {
        throw error.code === '23505' ? createError(409, 'user_exists', `A user named ${input.username} exists already.`) : error;
      });
    await new AuditRepository(ctx.knex).record({ actorType: 'user', actorId: requireAuth(res).user.id, action: 'user.create', targetType: 'user', targetId: user.id });
    res.status(201).json({ id: user.id, username: user.username, role: user.role });
  });
  return router;
}
