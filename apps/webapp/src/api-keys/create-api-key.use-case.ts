import type { CreateApiKey, CreatedApiKey } from '@atrium/contracts';
import { ApiKeysRepository } from '@atrium/db';
import { createError } from '@atrium/http';
import type { Actor } from '../auth/auth-context';
import type { AppContext } from '../context';
import { auditedWrite } from '../writes/audited-write';
import { hashKeySecret, newKeyId, newKeySecret } from './api-key-secrets';
import { toApiKeyView } from './api-key-view';

/** An administrator creates a key for an integration; the answer is the only place its secret ever appears. */
export async function createApiKey(ctx: AppContext, actor: Actor, input: CreateApiKey): Promise<CreatedApiKey> {
  const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
  if (expiresAt && expiresAt.getTime() <= Date.now()) throw createError(400, 'validation_failed', 'expiresAt: must be in the future.');
  const secret = newKeySecret();
  const key = await auditedWrite(ctx, actor, { action: 'api_key.create', targetType: 'api_key', detail: { scopes: input.scopes } }, (trx) =>
    new ApiKeysRepository(trx).create({
      name: input.name,
      keyId: newKeyId(),
      secretHash: hashKeySecret(secret),
      scopes: [...new Set(input.scopes)],
      createdBy: actor.audit.actorType === 'user' ? (actor.audit.actorId ?? null) : null,
      expiresAt,
    }),
  );
  return { ...toApiKeyView(key), secret };
}
