import type { z } from 'zod';

/**
 * A Mantine form `validate` function from a contracts schema: the form refuses what the API would refuse, with
 * the same words, before anything is sent. Errors are keyed by the field's path (`credentials.username`).
 */
export function zodValidator<Schema extends z.ZodType>(schema: Schema) {
  return (values: unknown): Record<string, string> => {
    const result = schema.safeParse(values);
    if (result.success) return {};
    const errors: Record<string, string> = {};
    for (const issue of result.error.issues) {
      const key = issue.path.join('.') || 'form';
      errors[key] ??= issue.message;
    }
    return errors;
  };
}
