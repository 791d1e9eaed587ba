import type { ErrorEnvelope } from '@atrium/contracts';

/** A failed API call, carrying the error envelope's code and one sentence a person can read. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const isEnvelope = (body: unknown): body is ErrorEnvelope =>
  typeof body === 'object' && body !== null && typeof (body as ErrorEnvelope).code === 'string' && typeof (body as ErrorEnvelope).message === 'string';

/** What went wrong as a sentence: the envelope's message and, for rejected input, which field and why. */
export function errorFromResponse(status: number, body: unknown): ApiError {
  if (!isEnvelope(body)) {
    const sentence = status >= 500 ? 'The server had a problem; try again in a moment.' : `The request failed (HTTP ${status}).`;
    return new ApiError(status, 'unexpected', sentence);
  }
  const fields = (body.validations ?? []).map((problem) => `${problem.field || 'input'} ${problem.message}`);
  const message = fields.length ? `${body.message.replace(/\.$/, '')}: ${fields.join('; ')}.` : body.message;
  return new ApiError(status, body.code, body.errorId ? `${message} (error id ${body.errorId})` : message);
}

/** Any thrown value as a sentence for the page. */
export const sentenceOf = (error: unknown): string =>
  error instanceof ApiError ? error.message : 'Something went wrong in the page; reload it and try again.';
