import type { ApiKeyView } from '@atrium/contracts';
import type { ApiKeyRecord } from '@atrium/db';

/** What administrators see of a key: never its secret, nor the secret's hash. */
export const toApiKeyView = (key: ApiKeyRecord): ApiKeyView => ({
  id: key.id,
  name: key.name,
  key: key.keyId,
  scopes: key.scopes,
  createdAt: key.createdAt.toISOString(),
  expiresAt: key.expiresAt?.toISOString() ?? null,
  lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
  revokedAt: key.revokedAt?.toISOString() ?? null,
});
