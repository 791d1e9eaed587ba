import { randomUUID } from 'node:crypto';
import type { ErrorEnvelope } from '@atrium/contracts';
import type { Logger } from '@atrium/logging';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, isAppError } from './app-error';

/** Express' own body-parser errors carry a status and `type`; they are the client's fault. */
function fromBodyParser(error: unknown): AppError | undefined {
  const candidate = error as { status?: number; type?: string; expose?: boolean };
  if (!candidate?.expose || typeof candidate.status !== 'number' || candidate.status >= 500) return undefined;
  const message = candidate.type === 'entity.parse.failed' ? 'Request body is not valid JSON.' : 'Request body was rejected.';
  return new AppError(candidate.status, 'invalid_body', message);
}

/** The error as the client's answer, when it is one we raised or Express' body parser refused; else undefined. */
export const asAppError = (error: unknown): AppError | undefined => (isAppError(error) ? error : fromBodyParser(error));

/** Maps every failure to the project's envelope; unexpected ones are logged with an errorId the client sees. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const known = asAppError(error);
    if (known) {
      res.status(known.status).json(known.toEnvelope());
      return;
    }
    const errorId = randomUUID();
    logger.error({ err: error, errorId, method: req.method, path: req.path }, 'unexpected error');
    const envelope: ErrorEnvelope = { code: 'internal_error', message: 'Something went wrong on our side.', errorId };
    res.status(500).json(envelope);
  };
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AppError(404, 'not_found', `No route for ${req.method} ${req.path}.`));
};
