import { z } from 'zod';

/**
 * The schema of a partial update (PATCH) from a create schema: every field optional and without its default.
 * zod applies a field's default even when `.partial()` made it optional, so a PATCH of one field would reset
 * every defaulted field it did not name (a server's groups, a group's priority, a workspace's size).
 */
export function updateSchemaOf<Shape extends z.ZodRawShape>(create: z.ZodObject<Shape>): z.ZodType<Partial<z.output<z.ZodObject<Shape>>>> {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, field] of Object.entries(create.shape)) {
    const withoutDefault = field instanceof z.ZodDefault || field instanceof z.ZodPrefault ? (field.unwrap() as z.ZodType) : (field as z.ZodType);
    shape[key] = withoutDefault.optional();
  }
  return z.object(shape).refine((value) => Object.keys(value).length > 0, 'nothing to change') as unknown as z.ZodType<Partial<z.output<z.ZodObject<Shape>>>>;
}
