import { createUserSchema, resetPasswordSchema, setUserGroupsSchema, updateUserSchema } from '@atrium/contracts';
import { parseBody, parseParams, parseQuery } from '@atrium/http';
import { Router } from 'express';
import { z } from 'zod';
import { actorOf } from '../auth/auth-context';
import { requireAdmin, requireAuth } from '../auth/authenticate.middleware';
import type { AppContext } from '../context';
import { createUser } from './create-user.use-case';
import { deleteUser } from './delete-user.use-case';
import { listUsers } from './list-users.use-case';
import { setUserGroups } from './set-user-groups.use-case';
import { resetFactors } from '../auth/second-factor/factors.use-case';
import { signOutUser } from './sign-out-user.use-case';
import { updateUser } from './update-user.use-case';
import { toUserView } from './user-view';

const userParams = z.object({ userId: z.string().uuid() });
const deleteQuery = z.object({ force: z.enum(['true', 'false']).default('false') });

/** Administrators manage users: create, rename, edit their profile, disable or lock, reset a password, set groups, delete. */
export function userRoutes(ctx: AppContext): Router {
  const router = Router();
  router.use(requireAdmin);

  router.get('/', async (_req, res) => {
    res.json(await listUsers(ctx));
  });

  router.post('/', async (req, res) => {
    res.status(201).json(await createUser(ctx, actorOf(requireAuth(res)), parseBody(createUserSchema, req)));
  });

  router.patch('/:userId', async (req, res) => {
    const { userId } = parseParams(userParams, req);
    res.json(toUserView(await updateUser(ctx, actorOf(requireAuth(res)), userId, parseBody(updateUserSchema, req))));
  });

  router.post('/:userId/password', async (req, res) => {
    const { userId } = parseParams(userParams, req);
    const { password } = parseBody(resetPasswordSchema, req);
    await updateUser(ctx, actorOf(requireAuth(res)), userId, { password });
    res.status(204).end();
  });

  /** Signs the user out of every browser and closes their streams; their sessions keep running. */
  router.post('/:userId/sign-out', async (req, res) => {
    const { userId } = parseParams(userParams, req);
    await signOutUser(ctx, actorOf(requireAuth(res)), userId);
    res.status(204).end();
  });

  /** A lost phone: every second factor and recovery code of the user goes (audited); they enrol again if required. */
  router.delete('/:userId/factors', async (req, res) => {
    const { userId } = parseParams(userParams, req);
    res.json(await resetFactors(ctx, actorOf(requireAuth(res)), userId));
  });

  router.put('/:userId/groups', async (req, res) => {
    const { userId } = parseParams(userParams, req);
    await setUserGroups(ctx, actorOf(requireAuth(res)), userId, parseBody(setUserGroupsSchema, req).groupIds);
    res.status(204).end();
  });

  router.delete('/:userId', async (req, res) => {
    const { userId } = parseParams(userParams, req);
    await deleteUser(ctx, actorOf(requireAuth(res)), userId, parseQuery(deleteQuery, req).force === 'true');
    res.status(204).end();
  });
  return router;
}
