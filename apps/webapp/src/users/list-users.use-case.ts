import type { UserView } from '@atrium/contracts';
import { UsersRepository } from '@atrium/db';
import type { AppContext } from '../context';
import { toUserView } from './user-view';

/** Every user, by name (the route allows administrators only). */
export async function listUsers(ctx: AppContext): Promise<UserView[]> {
  return (await new UsersRepository(ctx.knex).list()).map(toUserView);
}
