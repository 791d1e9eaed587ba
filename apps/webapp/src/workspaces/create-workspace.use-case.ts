import type { CreateWorkspace, Workspace } from '@atrium/contracts';
import { WorkspacesRepository } from '@atrium/db';
import type { Actor } from '../auth/auth-context';
import type { AppContext } from '../context';
import { auditedWrite } from '../writes/audited-write';
import { conflictAs } from '../writes/constraint-conflicts';

export function createWorkspace(ctx: AppContext, actor: Actor, input: CreateWorkspace): Promise<Workspace> {
  return auditedWrite(ctx, actor, { action: 'workspace.create', targetType: 'workspace' }, (trx) => new WorkspacesRepository(trx).create(input)).catch(
    conflictAs('workspace_exists', `A workspace named ${input.name} exists already.`),
  );
}
