import { randomUUID } from 'node:crypto';
import type { publicErrorSchema } from '@atrium/contracts';
import { asAppError } from '@atrium/http';
import type { Logger } from '@atrium/logging';
import type { ErrorRequestHandler } from 'express';
import type { z } from 'zod';

/**
 * Failures of the Developer API in the shape Kasm integrations read: a 4xx status and a non-empty
 * `error_message` (with Atrium's `code` beside it). What the platform cannot do right now (no capacity, an
 * agent that did not answer) is 409, not 5xx: those clients retry or give up on 4xx alike, and some treat
 * a 5xx as a broken server. Only a bug answers 500, still in JSON, with an id to find it in the log.
 */
export function publicErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const known = asAppError(error);
    if (known) {
      const body: z.infer<typeof publicErrorSchema> = { error_message: known.message, code: known.code };
      res.status(known.status >= 500 ? 409 : known.status).json(body);
      return;
    }
    const errorId = randomUUID();
    logger.error({ err: error, errorId, path: req.path }, 'unexpected error in the Developer API');
    res.status(500).json({ error_message: `Something went wrong on our side (error ${errorId}).`, code: 'internal_error' });
  };
}
