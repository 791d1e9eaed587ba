import type { ErrorEnvelope } from '@atrium/contracts';

/**
 * An error the client caused or may act on (4xx), or a known operational failure (503).
 * Anything else reaching the error handler is unexpected and answered as a 500 with an errorId.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Pick<ErrorEnvelope, 'detail' | 'validations'> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }

  toEnvelope(): ErrorEnvelope {
    return { code: this.code, message: this.message, ...this.extra };
  }
}

export const createError = (status: number, code: string, message: string, extra?: AppError['extra']) => new AppError(status, code, message, extra);

export const isAppError = (error: unknown): error is AppError => error instanceof AppError;
