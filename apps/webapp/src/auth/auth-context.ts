import type { CurrentUser } from '@atrium/contracts';
import type { AuditEntry } from '@atrium/db';

/** Who is calling: the signed-in user and the browser session they signed in with. */
export interface AuthContext {
  user: CurrentUser;
  authSessionId: string;
}

/** Who changed something, as session events (`label`) and the audit log (`audit`) record it. */
export interface Actor {
  /** e.g. `user:<id>` or `reaper`. */
  label: string;
  audit: Pick<AuditEntry, 'actorType' | 'actorId'>;
}

export const userActor = (userId: string): Actor => ({ label: `user:${userId}`, audit: { actorType: 'user', actorId: userId } });

export const isAdmin = (auth: AuthContext) => auth.user.role === 'admin';
