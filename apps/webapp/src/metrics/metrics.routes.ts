import { createError } from '@atrium/http';
import { Router } from 'express';
import { authenticateApiKey } from '../api-keys/authenticate-api-key';
import type { AppContext } from '../context';
import { collectState } from './collect-state';
import { registry } from './metrics';

/** `Authorization: Bearer <api_key>:<api_key_secret>`, as the key's creator was shown them. */
function credentialsOf(header: string | undefined): { api_key: string; api_key_secret: string } {
  const token = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1] ?? '';
  const [apiKey, secret] = token.split(':');
  if (!apiKey || !secret)
    throw createError(401, 'missing_api_key', 'Send Authorization: Bearer <api_key>:<api_key_secret> (a key with the metrics:read scope).');
  return { api_key: apiKey, api_key_secret: secret };
}

/**
 * The Prometheus scrape, through kasm_proxy like every API call: never open, only with an API key an administrator
 * created with the `metrics:read` scope (the same refusals as the Developer API's: 401 for a bad key, 403 without
 * the scope).
 */
export function metricsRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    await authenticateApiKey(ctx, credentialsOf(req.get('authorization')), 'metrics:read');
    await collectState(ctx);
    res.setHeader('Content-Type', registry.contentType);
    res.setHeader('Cache-Control', 'no-store');
    res.send(await registry.metrics());
  });
  return router;
}
