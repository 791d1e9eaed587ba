import { createError } from '@atrium/http';
import type { RequestHandler } from 'express';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Defence in depth beside SameSite=Strict: a state-changing browser request must come from our own origin.
 * Non-browser clients (agents, API keys) send no Origin header and are authenticated otherwise.
 */
export function requireSameOrigin(allowedOrigin: string): RequestHandler {
  return (req, _res, next) => {
    const origin = req.headers.origin;
    if (SAFE_METHODS.has(req.method) || origin === undefined || origin === allowedOrigin) return next();
    next(createError(403, 'bad_origin', 'Request origin is not allowed.'));
  };
}
