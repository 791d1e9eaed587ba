import { z } from 'zod';

/** `GET /api/audit` (administrators): filters, newest first, paged by the id of the last entry seen. */
export const auditQuerySchema = z.object({
  /** Entries made by this user. */
  actorId: z.string().uuid().optional(),
  action: z
    .string()
    .regex(/^[a-z_.]{1,64}$/, 'an action such as session.launch')
    .optional(),
  targetType: z
    .string()
    .regex(/^[a-z_]{1,32}$/)
    .optional(),
  targetId: z.string().max(64).optional(),
  /** ISO 8601 times: entries at or after `since`, and before `until`. */
  since: z.string().datetime({ offset: true }).optional(),
  until: z.string().datetime({ offset: true }).optional(),
  /** The page after this entry id (the previous page's `nextBefore`). */
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export const auditEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  actorType: z.string(),
  actorId: z.string().nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
  ip: z.string().nullable(),
});
export type AuditEntryView = z.infer<typeof auditEntrySchema>;

export const auditPageSchema = z.object({
  entries: z.array(auditEntrySchema),
  /** Pass as `before` for the next page; null on the last one. */
  nextBefore: z.number().int().nullable(),
});
export type AuditPage = z.infer<typeof auditPageSchema>;
