import type { SecondFactorStatus } from '@atrium/contracts';
import { SecondFactorsRepository } from '@atrium/db';
import type { AppContext } from '../../context';
import { userPolicy } from '../../policy/user-policy';
import { stageAfterPassword } from './stage';

/** What a user whose password is right owes now, from their factors, recovery codes and policy. */
export async function secondFactorStatusOf(ctx: AppContext, userId: string): Promise<SecondFactorStatus | undefined> {
  const factors = new SecondFactorsRepository(ctx.knex);
  const { policy } = await userPolicy(ctx.knex, ctx.config, userId);
  return stageAfterPassword(await factors.confirmed(userId), policy, await factors.recoveryCodesLeft(userId));
}
