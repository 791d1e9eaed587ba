import type { UserView } from '@atrium/contracts';
import type { UserRecord } from '@atrium/db';

/** A user as administrators see them: never the password hash. */
export const toUserView = (user: UserRecord): UserView => ({
  id: user.id,
  username: user.username,
  role: user.role,
  disabled: user.disabled,
  locked: user.locked,
  profile: user.profile,
  createdAt: user.createdAt.toISOString(),
  lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
});
