import type { Workspace } from '@atrium/contracts';
import { AgentsRepository, SessionsRepository, transaction, WorkspacesRepository, type AgentRecord, type SessionRecord } from '@atrium/db';
import { createError } from '@atrium/http';
import type { AuthContext } from '../auth/auth-context';
import type { AppContext } from '../context';
import { userPolicy } from '../policy/user-policy';
import { workspaceResourcesFor } from '../policy/resolve-policy';
import { openSession } from './open-session';
import { describeShortage, pickAgent } from './pick-agent';

/**
 * Checks policy (workspace enabled, the user's session limit, their cores and memory for this workspace),
 * places the session on the least-loaded agent with room, and asks that agent to start it. Every state change
 * is recorded with its actor.
 */
export async function launchSession(ctx: AppContext, auth: AuthContext, workspaceId: string, environment: Record<string, string> = {}): Promise<SessionRecord> {
  const found = await new WorkspacesRepository(ctx.knex).findById(workspaceId);
  if (!found || !found.enabled) throw createError(404, 'workspace_not_found', 'No such workspace, or it is disabled.');
  const { policy } = await userPolicy(ctx.knex, ctx.config, auth.user.id);
  const workspace = { ...found, ...workspaceResourcesFor(policy, found) };

  const { session, agent } = await transaction(ctx.knex, async (trx) => {
    const agents = await new AgentsRepository(trx).listSchedulable(ctx.config.AGENT_STALE_AFTER_MS);
    const need = { cores: workspace.cores, memoryMb: workspace.memoryMb };
    const placement = pickAgent(agents, need);
    if ('shortage' in placement) {
      throw createError(503, 'no_capacity', describeShortage(placement.shortage, need), { detail: `short of ${placement.shortage.resource}` });
    }
    const chosen = placement.agent;
    const opened = await openSession(trx, auth, policy, {
      kind: 'container',
      workspaceId,
      resources: need,
      placement: { agentId: chosen.id, detail: `agent ${chosen.name}` },
      auditDetail: { workspace: workspace.name },
    });
    return { session: opened, agent: chosen };
  });

  return provision(ctx, session, agent, workspace, environment);
}

/** Asks the agent to start the container; the session ends `running` or `error` with the agent's reason. */
async function provision(
  ctx: AppContext,
  session: SessionRecord,
  agent: AgentRecord,
  workspace: Workspace,
  environment: Record<string, string>,
): Promise<SessionRecord> {
  const actor = `agent:${agent.id}`;
  try {
    const result = await ctx.agents.provision(agent, {
      sessionId: session.id,
      ownerId: session.userId,
      workspace: {
        id: workspace.id,
        name: workspace.name,
        image: workspace.image,
        cores: workspace.cores,
        memoryMb: workspace.memoryMb,
        resolution: workspace.defaultResolution,
        egress: workspace.egress,
        cpuHardLimit: workspace.cpuHardLimit,
      },
      environment,
    });
    const detail = `ready after ${result.readyAfterMs} ms`;
    return await transaction(ctx.knex, (trx) =>
      new SessionsRepository(trx).transition(session.id, { to: 'running', actor, set: { containerId: result.containerId }, detail }),
    );
  } catch (error) {
    const reason = (error as Error).message;
    ctx.logger.warn({ sessionId: session.id, reason }, 'session provisioning failed');
    return transaction(ctx.knex, (trx) =>
      new SessionsRepository(trx).transition(session.id, { to: 'error', actor, detail: reason, set: { errorMessage: reason } }),
    );
  }
}
