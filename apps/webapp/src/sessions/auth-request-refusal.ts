import { AppError, createError } from '@atrium/http';
import type { Response } from 'express';

/**
 * nginx's auth_request understands 2xx, 401 and 403 only (anything else becomes a 500), and drops the body: every
 * refusal but "sign in first" leaves as 403, with its code and sentence (the webapp's own constants) in headers
 * that kasm_proxy writes into the envelope, so a client can tell which rule refused.
 */
export function refusalForNginx(res: Response, error: unknown): unknown {
  if (!(error instanceof AppError) || error.status === 401) return error;
  res.setHeader('x-atrium-refusal-code', error.code);
  res.setHeader('x-atrium-refusal-message', error.message);
  return createError(403, error.code, error.message);
}
