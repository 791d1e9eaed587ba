import { errorHandler, notFoundHandler } from '@atrium/http';
import express, { type Express } from 'express';
import { agentRoutes } from './agents/agents.routes';
import { authenticate } from './auth/authenticate.middleware';
import type { AppContext } from './context';
import { roleHealthRoute } from './health/health.routes';
import { desktopAuthorizationRoutes } from './sessions/desktop-authorization.routes';
import { filesAuthorizationRoutes } from './sessions/files-authorization.routes';
import { remoteAuthorizationRoutes } from './sessions/remote-authorization.routes';
import { connectionProxyReportRoutes } from './sessions/connection-proxy-reports.routes';

/**
 * The internal listener (INTERNAL_PORT): agents' registration and heartbeats, the connection proxy's reports
 * of connections that remote systems ended and of remote file transfers, and kasm_proxy's auth_request subrequests for streams. kasm_proxy's public locations proxy only to the public listener, so these routes
 * are unreachable from a browser by construction, however a URL is spelled. Matching is case-sensitive.
 */
export function buildInternalApp(ctx: AppContext): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('case sensitive routing', true);
  app.set('strict routing', true);
  app.use(express.json({ limit: '64kb' }));
  app.use(roleHealthRoute(ctx));
  app.use('/internal/agents', agentRoutes(ctx));
  app.use('/internal', connectionProxyReportRoutes(ctx));
  app.use('/internal', authenticate(ctx), desktopAuthorizationRoutes(ctx), filesAuthorizationRoutes(ctx), remoteAuthorizationRoutes(ctx));
  app.use(notFoundHandler);
  app.use(errorHandler(ctx.logger));
  return app;
}
