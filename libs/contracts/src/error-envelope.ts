import { z } from 'zod';

/** The one error body every role and the UI use: `{ code, message, detail?, validations?, errorId? }`. */
export const errorEnvelopeSchema = z.object({
  /** Stable machine-readable code, e.g. `validation_failed`, `unauthorized`. */
  code: z.string(),
  /** One human sentence, safe to show. */
  message: z.string(),
  detail: z.string().optional(),
  /** Per-field problems for a rejected input. */
  validations: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  /** Present on 5xx: the id under which the server logged the failure. */
  errorId: z.string().optional(),
});
export type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;
