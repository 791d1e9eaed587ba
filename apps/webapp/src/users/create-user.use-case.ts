import type { CreateUser, CurrentUser } from '@atrium/contracts';
import { UsersRepository } from '@atrium/db';
import type { Actor } from '../auth/auth-context';
import { hashPassword } from '../auth/password-hash';
import type { AppContext } from '../context';
import { auditedWrite } from '../writes/audited-write';
import { conflictAs } from '../writes/constraint-conflicts';

/** An administrator creates a user; the password is hashed before the transaction and never stored in clear. */
export async function createUser(ctx: AppContext, actor: Actor, input: CreateUser): Promise<CurrentUser> {
  const passwordHash = await hashPassword(input.password);
  const user = await auditedWrite(ctx, actor, { action: 'user.create', targetType: 'user' }, (trx) =>
    new UsersRepository(trx).create({ username: input.username, passwordHash, role: input.role, ...(input.profile && { profile: input.profile }) }),
  ).catch(conflictAs('user_exists', `A user named ${input.username} exists already.`));
  return { id: user.id, username: user.username, role: user.role };
}
