import type { GroupView } from '@atrium/contracts';
import { GroupsRepository } from '@atrium/db';
import type { AppContext } from '../context';

export const listGroups = (ctx: AppContext): Promise<GroupView[]> => new GroupsRepository(ctx.knex).list();
