import type { UpdateWorkspace, Workspace } from '@atrium/contracts';
import { WorkspacesRepository } from '@atrium/db';
import { createError } from '@atrium/http';
import type { Actor } from '../auth/auth-context';
import type { AppContext } from '../context';
import { auditedWrite } from '../writes/audited-write';
import { conflictAs } from '../writes/constraint-conflicts';

export function updateWorkspace(ctx: AppContext, actor: Actor, workspaceId: string, input: UpdateWorkspace): Promise<Workspace> {
  return auditedWrite(ctx, actor, { action: 'workspace.update', targetType: 'workspace' }, async (trx) => {
    const workspace = await new WorkspacesRepository(trx).update(workspaceId, input);
    if (!workspace) throw createError(404, 'workspace_not_found', 'No such workspace.');
    return workspace;
  }).catch(conflictAs('workspace_exists', `A workspace named ${input.name ?? ''} exists already.`));
}
