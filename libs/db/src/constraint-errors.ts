/** PostgreSQL SQLSTATE codes of the constraint violations a caller can act on. */
const UNIQUE_VIOLATION = '23505';
const FOREIGN_KEY_VIOLATION = '23503';

/** A write refused because a unique constraint (a name, a key) already holds the value. */
export class UniqueViolationError extends Error {
  constructor(readonly constraint: string | undefined) {
    super(`unique constraint ${constraint ?? '(unnamed)'} refused the write`);
    this.name = 'UniqueViolationError';
  }
}

/** A write refused because it refers to a row that does not exist (or removes one still referred to). */
export class ForeignKeyViolationError extends Error {
  constructor(readonly constraint: string | undefined) {
    super(`foreign key ${constraint ?? '(unnamed)'} refused the write`);
    this.name = 'ForeignKeyViolationError';
  }
}

/**
 * The one place PostgreSQL error codes are read. The typed errors keep only the constraint's name:
 * the driver's message and `detail` quote the bound values, which must not reach a log or a client.
 */
export function translateConstraintError(error: unknown): unknown {
  const { code, constraint } = (error ?? {}) as { code?: string; constraint?: string };
  if (code === UNIQUE_VIOLATION) return new UniqueViolationError(constraint);
  if (code === FOREIGN_KEY_VIOLATION) return new ForeignKeyViolationError(constraint);
  return error;
}
