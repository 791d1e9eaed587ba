import { createApiKeySchema } from '@atrium/contracts';
import { ApiKeysRepository } from '@atrium/db';
import { parseBody, parseParams } from '@atrium/http';
import { Router } from 'express';
import { z } from 'zod';
import { actorOf } from '../auth/auth-context';
import { requireAdmin, requireAuth } from '../auth/authenticate.middleware';
import type { AppContext } from '../context';
import { toApiKeyView } from './api-key-view';
import { createApiKey } from './create-api-key.use-case';
import { revokeApiKey } from './revoke-api-key.use-case';

const keyParams = z.object({ keyId: z.string().uuid() });

/** Administrators manage the Developer API's keys. */
export function apiKeyRoutes(ctx: AppContext): Router {
  const router = Router();
  router.use(requireAdmin);

  router.get('/', async (_req, res) => {
    res.json((await new ApiKeysRepository(ctx.knex).list()).map(toApiKeyView));
  });

  router.post('/', async (req, res) => {
    res.status(201).json(await createApiKey(ctx, actorOf(requireAuth(res)), parseBody(createApiKeySchema, req)));
  });

  router.delete('/:keyId', async (req, res) => {
    await revokeApiKey(ctx, actorOf(requireAuth(res)), parseParams(keyParams, req).keyId);
    res.status(204).end();
  });

  return router;
}
