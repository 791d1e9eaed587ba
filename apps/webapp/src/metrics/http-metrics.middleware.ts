import type { RequestHandler } from 'express';
import { httpDuration, httpRequests } from './metrics';

/**
 * Ids in a path (uuids, numbers, and share ids and tokens: 16 or more base64url characters with a capital or a digit,
 * which route names such as `get_kasm_frame_stats` never have): the route keeps a placeholder in their place.
 */
const VARIABLE_SEGMENT = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|(?=[^/]*[A-Z0-9])[A-Za-z0-9_-]{16,}|\d+)$/;

/** `/api/users/<uuid>/profiles` as `/api/users/:id/profiles`. */
export const routeOf = (path: string): string =>
  path
    .split('/')
    .map((segment) => (VARIABLE_SEGMENT.test(segment) ? ':id' : segment))
    .join('/');

/**
 * Counts and times every API request under its route (ids replaced, so that they do not make a series each; Express
 * has let go of the mounted routers' patterns by the time a response finishes); a request that no route handled
 * counts as `unmatched`, so that probes of made-up paths add no series either.
 */
export const httpMetrics: RequestHandler = (req, res, next) => {
  const started = process.hrtime.bigint();
  res.on('finish', () => {
    const route = req.route ? routeOf(req.originalUrl.split('?')[0] ?? '') : 'unmatched';
    const labels = { method: req.method, route };
    httpRequests.inc({ ...labels, status: String(res.statusCode) });
    httpDuration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
  });
  next();
};
