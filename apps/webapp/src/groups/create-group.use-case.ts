import type { CreateGroup, GroupView } from '@atrium/contracts';
import { GroupsRepository } from '@atrium/db';
import type { Actor } from '../auth/auth-context';
import type { AppContext } from '../context';
import { auditedWrite } from '../writes/audited-write';
import { conflictAs } from '../writes/constraint-conflicts';

export function createGroup(ctx: AppContext, actor: Actor, input: CreateGroup): Promise<GroupView> {
  return auditedWrite(ctx, actor, { action: 'group.create', targetType: 'group' }, (trx) => new GroupsRepository(trx).create(input)).catch(
    conflictAs('group_exists', `A group named ${input.name} exists already.`),
  );
}
