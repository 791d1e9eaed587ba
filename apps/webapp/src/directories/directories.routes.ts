import { createDirectorySchema, directoryIdParamsSchema, updateDirectorySchema } from '@atrium/contracts';
import { parseBody, parseParams } from '@atrium/http';
import { Router } from 'express';
import { actorOf } from '../auth/auth-context';
import { requireAdmin, requireAuth } from '../auth/authenticate.middleware';
import type { AppContext } from '../context';
import { createDirectory, listDirectories, removeDirectory, testDirectoryConnection, updateDirectory } from './manage-directories.use-case';

/** Administrators manage the LDAP directories people sign in through, and test a directory's connection. */
export function directoryRoutes(ctx: AppContext): Router {
  const router = Router();
  router.use(requireAdmin);

  router.get('/', async (_req, res) => {
    res.json(await listDirectories(ctx));
  });

  router.post('/', async (req, res) => {
    res.status(201).json(await createDirectory(ctx, actorOf(requireAuth(res)), parseBody(createDirectorySchema, req)));
  });

  router.patch('/:directoryId', async (req, res) => {
    const { directoryId } = parseParams(directoryIdParamsSchema, req);
    res.json(await updateDirectory(ctx, actorOf(requireAuth(res)), directoryId, parseBody(updateDirectorySchema, req)));
  });

  router.delete('/:directoryId', async (req, res) => {
    await removeDirectory(ctx, actorOf(requireAuth(res)), parseParams(directoryIdParamsSchema, req).directoryId);
    res.status(204).end();
  });

  router.post('/:directoryId/test', async (req, res) => {
    res.json(await testDirectoryConnection(ctx, parseParams(directoryIdParamsSchema, req).directoryId));
  });

  return router;
}
