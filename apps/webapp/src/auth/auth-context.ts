import { createError } from '@atrium/http';
import type { CurrentUser } from '@atrium/contracts';
import type { AuditEntry } from '@atrium/db';

/**
 * Who is calling: the signed-in user and the browser session they signed in with; or, for the Developer API,
 * the user an API key acts for (no browser session) with the key as the actor.
 */
export interface AuthContext {
  user: CurrentUser;
  /** The browser sign-in; absent when an API key acts for the user. */
  authSessionId?: string;
  /** Who acts, when it is not the user themself (an API key). */
  actor?: Actor;
}

/** Who changed something, as session events (`label`) and the audit log (`audit`) record it. */
export interface Actor {
  /** e.g. `user:<id>` or `reaper`. */
  label: string;
  audit: Pick<AuditEntry, 'actorType' | 'actorId'>;
}

export const userActor = (userId: string): Actor => ({ label: `user:${userId}`, audit: { actorType: 'user', actorId: userId } });

export const apiKeyActor = (keyId: string): Actor => ({ label: `api_key:${keyId}`, audit: { actorType: 'api_key', actorId: keyId } });

/** The actor of a call: the API key acting for the user, else the user. */
export const actorOf = (auth: AuthContext): Actor => auth.actor ?? userActor(auth.user.id);

/** Administrators, and API keys (integrations an administrator created and scoped), may act on anyone's objects. */
export const isAdmin = (auth: AuthContext) => auth.user.role === 'admin' || auth.actor?.audit.actorType === 'api_key';

/** The browser sign-in of a call that only a browser makes (streams, sign-out); an API key has none. */
export function browserSessionOf(auth: AuthContext): string {
  if (!auth.authSessionId) throw createError(403, 'browser_only', 'Only a signed-in browser can do this.');
  return auth.authSessionId;
}
