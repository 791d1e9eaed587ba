import { AuditRepository } from '@atrium/db';
import type { AppContext } from '../context';

/**
 * A sign-in refused before any password was checked (the throttle), or a one-time link refused: in the audit log
 * beside failed passwords, so every authentication event is there. The username is as typed, cut to 128 characters.
 */
export async function auditRefusedSignIn(
  ctx: AppContext,
  action: 'auth.login_throttled' | 'auth.token_login_failed',
  ip: string,
  username?: string,
): Promise<void> {
  await new AuditRepository(ctx.knex).record({
    actorType: 'anonymous',
    action,
    ip,
    ...(username !== undefined && { detail: { username: username.slice(0, 128) } }),
  });
}
