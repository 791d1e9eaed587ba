import { publicCredentialsSchema, type ApiScope } from '@atrium/contracts';
import { ApiKeysRepository, type ApiKeyRecord } from '@atrium/db';
import { createError } from '@atrium/http';
import type { AppContext } from '../context';
import { keySecretMatches } from './api-key-secrets';

/**
 * The key of a Developer API call: 401 when missing, unknown, wrong secret, revoked or expired (one answer for all,
 * so a caller learns nothing about which), 403 when valid but without the verb's scope.
 */
export async function authenticateApiKey(ctx: AppContext, body: unknown, scope: ApiScope): Promise<ApiKeyRecord> {
  const presented = publicCredentialsSchema.safeParse(body);
  if (!presented.success) throw createError(401, 'missing_api_key', 'Send api_key and api_key_secret in the JSON body.');
  const credentials = presented.data;
  const keys = new ApiKeysRepository(ctx.knex);
  const key = await keys.findByKeyId(credentials.api_key);
  const usable = key && !key.revokedAt && (!key.expiresAt || key.expiresAt.getTime() > Date.now());
  if (!key || !usable || !keySecretMatches(credentials.api_key_secret, key.secretHash)) {
    throw createError(401, 'invalid_api_key', 'Unknown API key, wrong secret, or the key was revoked or has expired.');
  }
  await keys.touch(key.id);
  if (!key.scopes.includes(scope)) throw createError(403, 'missing_scope', `This API key does not have the ${scope} scope.`);
  return key;
}
