import type { RemoteCredentials } from '@atrium/contracts';
import type { ServerRecord } from '@atrium/db';
import { createError } from '@atrium/http';
import type { AppContext } from '../context';

/**
 * The credentials guacd signs in with: the user's own for a `prompt` server (never stored), the sealed
 * ones from the registry for a `static` server (opened only here), or none.
 */
export function resolveCredentials(ctx: AppContext, server: ServerRecord, prompted?: RemoteCredentials): RemoteCredentials | undefined {
  if (server.credentialMode === 'prompt') {
    if (!prompted) throw createError(400, 'credentials_required', 'This server asks for your username and password.');
    return prompted;
  }
  return server.credentialsEncrypted ? ctx.credentials.decrypt<RemoteCredentials>(server.credentialsEncrypted) : undefined;
}
