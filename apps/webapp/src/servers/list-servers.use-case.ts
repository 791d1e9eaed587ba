import type { ServerView } from '@atrium/contracts';
import { ServersRepository } from '@atrium/db';
import { isAdmin, type AuthContext } from '../auth/auth-context';
import type { AppContext } from '../context';
import { toServerView } from './server-write';

/** Administrators see every server; a user sees those their groups reach. */
export async function listServers(ctx: AppContext, auth: AuthContext): Promise<ServerView[]> {
  const servers = await new ServersRepository(ctx.knex).list(isAdmin(auth) ? {} : { visibleTo: auth.user.id });
  return servers.map(toServerView);
}
