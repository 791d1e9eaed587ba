import type { Request } from 'express';
import type { z } from 'zod';
import { AppError } from './app-error';

function validated<Schema extends z.ZodType>(schema: Schema, input: unknown, where: string): z.infer<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const validations = result.error.issues.map((issue) => ({
    field: issue.path.length ? issue.path.join('.') : where,
    message: issue.message,
  }));
  throw new AppError(400, 'validation_failed', `The ${where} is invalid.`, { validations });
}

export const parseBody = <Schema extends z.ZodType>(schema: Schema, req: Request) => validated(schema, req.body ?? {}, 'request body');

export const parseParams = <Schema extends z.ZodType>(schema: Schema, req: Request) => validated(schema, req.params, 'path');

export const parseQuery = <Schema extends z.ZodType>(schema: Schema, req: Request) => validated(schema, req.query, 'query');
