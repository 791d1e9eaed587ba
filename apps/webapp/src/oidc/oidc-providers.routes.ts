import { createOidcProviderSchema, oidcProviderIdParamsSchema, updateOidcProviderSchema } from '@atrium/contracts';
import { parseBody, parseParams } from '@atrium/http';
import { Router } from 'express';
import { actorOf } from '../auth/auth-context';
import { requireAdmin, requireAuth } from '../auth/authenticate.middleware';
import type { AppContext } from '../context';
import { createOidcProvider, listOidcProviders, removeOidcProvider, updateOidcProvider } from './manage-oidc-providers.use-case';

/** Administrators manage the OpenID Connect providers people sign in through. */
export function oidcProviderRoutes(ctx: AppContext): Router {
  const router = Router();
  router.use(requireAdmin);

  router.get('/', async (_req, res) => {
    res.json(await listOidcProviders(ctx));
  });

  router.post('/', async (req, res) => {
    res.status(201).json(await createOidcProvider(ctx, actorOf(requireAuth(res)), parseBody(createOidcProviderSchema, req)));
  });

  router.patch('/:providerId', async (req, res) => {
    const { providerId } = parseParams(oidcProviderIdParamsSchema, req);
    res.json(await updateOidcProvider(ctx, actorOf(requireAuth(res)), providerId, parseBody(updateOidcProviderSchema, req)));
  });

  router.delete('/:providerId', async (req, res) => {
    await removeOidcProvider(ctx, actorOf(requireAuth(res)), parseParams(oidcProviderIdParamsSchema, req).providerId);
    res.status(204).end();
  });

  return router;
}
