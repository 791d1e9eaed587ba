import { CONNECTION_PROXY_AUDIENCE, metricsCallClaimsSchema } from '@atrium/contracts';
import { createError, streamMetrics } from '@atrium/http';
import { Router } from 'express';
import jwt from 'jsonwebtoken';

/** The remote-system streams this role relays (browser to guacd), counted on their sockets, and its process. */
export const remoteStreams = streamMetrics({ prefix: 'atrium_connection_proxy_', streams: 'atrium_remote', what: 'Browser streams to remote systems' });

/** `GET /v1/metrics` for the webapp only (an HS256 call token), as JSON for the webapp's scrape to merge. */
export function metricsRoutes(callKey: string): Router {
  return Router().get('/v1/metrics', async (req, res) => {
    try {
      const token = req.get('authorization')?.replace(/^Bearer /, '') ?? '';
      metricsCallClaimsSchema.parse(jwt.verify(token, callKey, { algorithms: ['HS256'], audience: CONNECTION_PROXY_AUDIENCE }));
    } catch (error) {
      throw createError(401, 'invalid_call_token', `Call refused: ${(error as Error).message}.`);
    }
    res.json(await remoteStreams.registry.getMetricsAsJSON());
  });
}
