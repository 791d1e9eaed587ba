import { errorHandler, notFoundHandler } from '@atrium/http';
import express, { type Express } from 'express';
import { agentAdminRoutes } from './agents/agent-admin.routes';
import { apiKeyRoutes } from './api-keys/api-keys.routes';
import { auditRoutes } from './audit/audit.routes';
import { authenticate, requireUser } from './auth/authenticate.middleware';
import { authRoutes } from './auth/auth.routes';
import { httpMetrics } from './metrics/http-metrics.middleware';
import { metricsRoutes } from './metrics/metrics.routes';
import { directoryRoutes } from './directories/directories.routes';
import { oidcProviderRoutes } from './oidc/oidc-providers.routes';
import { oidcSignInRoutes } from './oidc/oidc-sign-in.routes';
import { requireSameOrigin } from './auth/same-origin.middleware';
import { publicOrigin } from './config';
import type { AppContext } from './context';
import { openApiDocument } from './docs/openapi-document';
import { platformHealthRoute, roleHealthRoute } from './health/health.routes';
import { policyRoutes } from './policy/policy.routes';
import { publicApiRoutes } from './public-api/public-api.routes';
import { publicErrorHandler } from './public-api/public-errors';
import { sessionRoutes } from './sessions/sessions.routes';
import { groupRoutes } from './groups/groups.routes';
import { serverRoutes } from './servers/servers.routes';
import { sharingRoutes } from './sharing/sharing.routes';
import { userRoutes } from './users/users.routes';
import { workspaceRoutes } from './workspaces/workspaces.routes';
import { ownProfileRoutes, userProfileRoutes } from './profiles/profiles.routes';

/**
 * The control plane's public HTTP API, behind kasm_proxy's `/api/`. Public routes come first; everything after
 * `requireUser` needs a login. Machine-to-machine routes live on the internal listener (`internal-app.ts`).
 */
export function buildApp(ctx: AppContext): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '256kb' }));
  app.use('/api', httpMetrics);

  app.use(roleHealthRoute(ctx));
  app.use('/api', platformHealthRoute(ctx));
  const apiDocument = openApiDocument('0.1.0');
  app.get('/api/docs', (_req, res) => void res.json(apiDocument));
  // The Developer API authenticates by API key in the body, answers in Kasm's shapes, and has its own errors.
  app.use('/api/public', publicApiRoutes(ctx), publicErrorHandler(ctx.logger));
  // Prometheus scrapes with an API key (metrics:read) as a bearer token: no browser session, no Origin.
  app.use('/api/metrics', metricsRoutes(ctx));

  app.use('/api', requireSameOrigin(publicOrigin(ctx.config)), authenticate(ctx));
  app.use('/api/auth/oidc', oidcSignInRoutes(ctx));
  app.use('/api/auth', authRoutes(ctx));
  app.use('/api', requireUser);
  app.use('/api', policyRoutes(ctx));
  app.use('/api', sharingRoutes(ctx));
  app.use('/api/sessions', sessionRoutes(ctx));
  app.use('/api/workspaces', workspaceRoutes(ctx));
  app.use('/api/me/profiles', ownProfileRoutes(ctx));
  app.use('/api/users/:userId/profiles', userProfileRoutes(ctx));
  app.use('/api/users', userRoutes(ctx));
  app.use('/api/groups', groupRoutes(ctx));
  app.use('/api/servers', serverRoutes(ctx));
  app.use('/api/agents', agentAdminRoutes(ctx));
  app.use('/api/audit', auditRoutes(ctx));
  app.use('/api/api-keys', apiKeyRoutes(ctx));
  app.use('/api/directories', directoryRoutes(ctx));
  app.use('/api/oidc-providers', oidcProviderRoutes(ctx));

  app.use(notFoundHandler);
  app.use(errorHandler(ctx.logger));
  return app;
}
