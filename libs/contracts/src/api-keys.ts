import { z } from 'zod';

/** What an API key may do; each Developer API verb needs one scope. */
export const apiScopes = [
  'images:read',
  'users:read',
  'users:write',
  'sessions:read',
  'sessions:write',
  'sessions:exec',
  'zones:read',
  'metrics:read',
] as const;
export const apiScopeSchema = z.enum(apiScopes);
export type ApiScope = z.infer<typeof apiScopeSchema>;

export const createApiKeySchema = z.object({
  name: z.string().trim().min(1).max(64),
  scopes: z.array(apiScopeSchema).min(1).max(apiScopes.length),
  /** ISO 8601; absent: the key lasts until revoked. */
  expiresAt: z.iso.datetime({ offset: true }).optional(),
});
export type CreateApiKey = z.infer<typeof createApiKeySchema>;

export const apiKeyViewSchema = z.object({
  id: z.string().uuid(),
  name: z.string(),
  /** The public half, sent as `api_key`. */
  key: z.string(),
  scopes: z.array(apiScopeSchema),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiKeyView = z.infer<typeof apiKeyViewSchema>;

/** The answer of creating a key: the only time its secret is shown (only a hash is stored). */
export const createdApiKeySchema = apiKeyViewSchema.extend({ secret: z.string() });
export type CreatedApiKey = z.infer<typeof createdApiKeySchema>;
