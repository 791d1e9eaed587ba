import type { RequestHandler } from 'express';
import { httpDuration, httpRequests } from './metrics';

/**
 * Ids in a mount path (uuids, numbers, and share ids and tokens: 16 or more base64url characters with a capital or a
 * digit, which route names such as `get_kasm_frame_stats` never have): the label keeps a placeholder in their place.
 */
const VARIABLE_SEGMENT = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|(?=[^/]*[A-Z0-9])[A-Za-z0-9_-]{16,}|\d+)$/;

/** At most this many routes get a series each; any further one counts as `other` (a bound on what clients can add). */
export const MAX_ROUTES = 200;
const seen = new Set<string>();

/**
 * The route a request counts under: the matched route's own pattern for the segments it covers (`/api/public/:verb`,
 * whatever verb was sent), ids replaced in the mount path before it (Express has let go of mounted routers' patterns
 * by the time a response finishes), and `other` once MAX_ROUTES labels exist.
 */
export function routeLabel(path: string, routePath: unknown): string {
  const segments = path.split('/');
  const pattern = typeof routePath === 'string' ? routePath.split('/').filter(Boolean) : [];
  const covered = Math.min(pattern.length, segments.length);
  const mount = segments.slice(0, segments.length - covered).map((segment) => (VARIABLE_SEGMENT.test(segment) ? ':id' : segment));
  const label = [...mount, ...pattern].join('/') || '/';
  if (seen.has(label)) return label;
  if (seen.size >= MAX_ROUTES) return 'other';
  seen.add(label);
  return label;
}

/** Counts and times every API request under its route; a request no route handled counts as `unmatched`. */
export const httpMetrics: RequestHandler = (req, res, next) => {
  const started = process.hrtime.bigint();
  res.on('finish', () => {
    const route = req.route ? routeLabel((req.originalUrl.split('?')[0] ?? '').replace(/\/$/, ''), req.route.path) : 'unmatched';
    const labels = { method: req.method, route };
    httpRequests.inc({ ...labels, status: String(res.statusCode) });
    httpDuration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
  });
  next();
};
