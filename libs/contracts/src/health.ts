import { z } from 'zod';

export const componentStatusSchema = z.enum(['ok', 'down']);

export const componentHealthSchema = z.object({
  status: componentStatusSchema,
  detail: z.string().optional(),
});
export type ComponentHealth = z.infer<typeof componentHealthSchema>;

/** What every role answers on its own `/health`. */
export const roleHealthSchema = z.object({
  service: z.string(),
  status: componentStatusSchema,
  components: z.record(z.string(), componentHealthSchema).default({}),
});
export type RoleHealth = z.infer<typeof roleHealthSchema>;

/** The platform view answered by the webapp at `/api/health`: one entry per role it depends on. */
export const platformHealthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  components: z.object({
    database: componentHealthSchema,
    agents: componentHealthSchema.extend({ online: z.number().int(), registered: z.number().int() }),
    connectionProxy: componentHealthSchema,
    guacd: componentHealthSchema,
  }),
});
export type PlatformHealth = z.infer<typeof platformHealthSchema>;
