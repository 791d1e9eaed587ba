import { STAGED_PROFILES_MESSAGE, type UpdateWorkspace, type Workspace } from '@atrium/contracts';
import { WorkspacesRepository } from '@atrium/db';
import { createError } from '@atrium/http';
import type { Actor } from '../auth/auth-context';
import type { AppContext } from '../context';
import { auditedWrite } from '../writes/audited-write';
import { conflictAs } from '../writes/constraint-conflicts';

export function updateWorkspace(ctx: AppContext, actor: Actor, workspaceId: string, input: UpdateWorkspace): Promise<Workspace> {
  return auditedWrite(ctx, actor, { action: 'workspace.update', targetType: 'workspace' }, async (trx) => {
    const workspaces = new WorkspacesRepository(trx);
    const current = await workspaces.findById(workspaceId);
    if (!current) throw createError(404, 'workspace_not_found', 'No such workspace.');
    const change = { ...input, egressNetwork: egressNetworkAfter(current, input) };
    const after = { ...current, ...change };
    if (after.persistentProfile && after.stagingSize > 0) throw createError(400, 'validation_failed', STAGED_PROFILES_MESSAGE);
    return (await workspaces.update(workspaceId, change)) as Workspace;
  }).catch(conflictAs('workspace_exists', `A workspace named ${input.name ?? ''} exists already.`));
}

/** A named network only with egress `network`: leaving that kind forgets it, and choosing it needs one. */
function egressNetworkAfter(current: Workspace, input: UpdateWorkspace): string | null {
  const egress = input.egress ?? current.egress;
  if (egress !== 'network') return null;
  const network = input.egressNetwork === undefined ? current.egressNetwork : input.egressNetwork;
  if (!network) throw createError(400, 'validation_failed', 'Egress "network" needs the name of the Docker network (egressNetwork).');
  return network;
}
