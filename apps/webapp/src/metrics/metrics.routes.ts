import { createError } from '@atrium/http';
import { Router } from 'express';
import { authenticateApiKey } from '../api-keys/authenticate-api-key';
import type { AppContext } from '../context';
import { collectState } from './collect-state';
import { registry } from './metrics';
import { AgentsRepository } from '@atrium/db';
import { AggregatorRegistry, type MetricObjectWithValues, type MetricValue } from 'prom-client';

/** `Authorization: Bearer <api_key>:<api_key_secret>`, as the key's creator was shown them. */
function credentialsOf(header: string | undefined): { api_key: string; api_key_secret: string } {
  const token = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1] ?? '';
  const [apiKey, secret] = token.split(':');
  if (!apiKey || !secret)
    throw createError(401, 'missing_api_key', 'Send Authorization: Bearer <api_key>:<api_key_secret> (a key with the metrics:read scope).');
  return { api_key: apiKey, api_key_secret: secret };
}

/**
 * The webapp's metrics, those of every online agent (its browser streams and process; each series names its agent)
 * and the connection proxy's (remote streams and process), merged into one exposition. A role that does not answer
 * within 2 s is left out of this scrape (`atrium_agent_online` says whether an agent is there at all).
 */
async function withRoles(ctx: AppContext): Promise<string> {
  const agents = (await new AgentsRepository(ctx.knex).listWithHoldings(ctx.config.AGENT_STALE_AFTER_MS)).filter((agent) => agent.online);
  const leftOut = (role: string) => (error: Error) => {
    ctx.logger.warn({ role, reason: error.message }, 'role metrics not read');
    return [];
  };
  const theirs = await Promise.all([
    ...agents.map((agent) => ctx.agents.metrics(agent).catch(leftOut(`agent ${agent.name}`))),
    ctx.connectionProxy.metrics().catch(leftOut('connection proxy')),
  ]);
  const merged = AggregatorRegistry.aggregate([await registry.getMetricsAsJSON(), ...(theirs as MetricObjectWithValues<MetricValue<string>>[][])]);
  return merged.metrics();
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
    res.send(await withRoles(ctx));
  });
  return router;
}
