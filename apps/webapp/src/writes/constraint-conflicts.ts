import { ForeignKeyViolationError, UniqueViolationError } from '@atrium/db';
import { createError } from '@atrium/http';

/** For `.catch()`: a unique-constraint refusal becomes the client's 409 with `code`; anything else passes on. */
export const conflictAs =
  (code: string, message: string) =>
  (error: unknown): never => {
    if (error instanceof UniqueViolationError) throw createError(409, code, message);
    throw error;
  };

/** For `.catch()`: a reference to a row that does not exist becomes the client's 400 with `code`. */
export const unknownReferenceAs =
  (code: string, message: string) =>
  (error: unknown): never => {
    if (error instanceof ForeignKeyViolationError) throw createError(400, code, message);
    throw error;
  };
