import type { FactorView } from '@atrium/contracts';
import { AuditRepository, SecondFactorsRepository, UsersRepository, type FactorSummary } from '@atrium/db';
import { createError } from '@atrium/http';
import type { AppContext } from '../../context';
import { userPolicy } from '../../policy/user-policy';
import { actorOf, type Actor, type AuthContext } from '../auth-context';
import { usableFactors } from './stage';

const toView = (factor: FactorSummary): FactorView => ({
  id: factor.id,
  kind: factor.kind,
  name: factor.name,
  createdAt: factor.createdAt.toISOString(),
  lastUsedAt: factor.lastUsedAt?.toISOString() ?? null,
});

/** The caller's own factors (never a secret). */
export async function listOwnFactors(ctx: AppContext, auth: AuthContext): Promise<FactorView[]> {
  return (await new SecondFactorsRepository(ctx.knex).confirmed(auth.user.id)).map(toView);
}

/** Removes one of the caller's factors, unless their policy requires a factor and it is the last one they can use. */
export async function removeOwnFactor(ctx: AppContext, auth: AuthContext, factorId: string): Promise<void> {
  const factors = new SecondFactorsRepository(ctx.knex);
  const { policy } = await userPolicy(ctx.knex, ctx.config, auth.user.id);
  const usable = usableFactors(await factors.confirmed(auth.user.id), policy);
  if (policy.require_2fa && usable.length === 1 && usable[0]?.id === factorId) {
    throw createError(409, 'factor_required', 'Your policy requires a second factor: add another before removing this one.');
  }
  if (!(await factors.remove(auth.user.id, factorId))) throw createError(404, 'factor_not_found', 'You have no such factor.');
  await new AuditRepository(ctx.knex).record({
    ...actorOf(auth).audit,
    action: 'auth.factor_removed',
    targetType: 'user',
    targetId: auth.user.id,
    detail: { factorId },
  });
}

/**
 * An administrator's reset of a user's second factors (a lost phone): every factor and recovery code goes; the user
 * sets up a new app at their next sign-in if their policy requires one.
 */
export async function resetFactors(ctx: AppContext, actor: Actor, userId: string): Promise<{ removed: number }> {
  if (!(await new UsersRepository(ctx.knex).findById(userId))) throw createError(404, 'user_not_found', 'No such user.');
  const removed = await new SecondFactorsRepository(ctx.knex).removeAll(userId);
  await new AuditRepository(ctx.knex).record({
    ...actor.audit,
    action: 'auth.factors_reset',
    targetType: 'user',
    targetId: userId,
    detail: { removed },
  });
  return { removed };
}
