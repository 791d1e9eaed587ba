import type { Workspace } from '@atrium/contracts';
import { AgentsRepository, AuditRepository, SessionsRepository, transaction, WorkspacesRepository, type SessionRow } from '@atrium/db';
import { createError } from '@atrium/http';
import type { AuthContext } from '../auth/authenticate.middleware';
import type { AppContext } from '../context';
import { pickAgent } from './pick-agent';

/**
 * Checks policy (workspace enabled, user under the session limit), places the session on the least-loaded
 * agent with room, and asks that agent to start it. Every state change is recorded with its actor.
 */
export async function launchSession(ctx: AppContext, auth: AuthContext, workspaceId: string): Promise<SessionRow> {
  const workspace = await new WorkspacesRepository(ctx.knex).findById(workspaceId);
  if (!workspace || !workspace.enabled) throw createError(404, 'workspace_not_found', 'No such workspace, or it is disabled.');
  const actor = `user:${auth.user.id}`;

  const { session, agent } = await transaction(ctx.knex, async (trx) => {
    const sessions = new SessionsRepository(trx);
    if ((await sessions.countLiveForUpdate(auth.user.id)) >= ctx.config.SESSIONS_PER_USER) {
      throw createError(409, 'session_limit_reached', `You already have ${ctx.config.SESSIONS_PER_USER} live sessions; end one first.`);
    }
    const agents = await new AgentsRepository(trx).listSchedulable(ctx.config.AGENT_STALE_AFTER_MS);
    const loads = agents.map((row) => ({ id: row.id, cores: Number(row.cores), memoryMb: row.memory_mb, allocatedCores: Number(row.held_cores), allocatedMemoryMb: Number(row.held_memory_mb) }));
    const chosen = pickAgent(loads, { cores: workspace.cores, memoryMb: workspace.memoryMb });
    if (!chosen) throw createError(503, 'no_capacity', 'No agent has room for this workspace right now.');
    const expiresAt = new Date(Date.now() + ctx.config.SESSION_MAX_HOURS * 3600_000);
    const created = await sessions.create({ kind: 'container', userId: auth.user.id, workspaceId, actor, expiresAt });
    const provisioning = await sessions.transition(created.id, { to: 'provisioning', actor: 'scheduler', set: { agent_id: chosen.id } });
    await new AuditRepository(trx).record({ actorType: 'user', actorId: auth.user.id, action: 'session.launch', targetType: 'session', targetId: created.id, detail: { workspace: workspace.name } });
    return { session: provisioning, agent: agents.find((row) => row.id === chosen.id) as NonNullable<(typeof agents)[number]> };
  });

  return provision(ctx, session, agent, workspace, auth);
}

async function provision(ctx: AppContext, session: SessionRow, agent: { id: string; api_url: string }, workspace: Workspace, auth: AuthContext): Promise<SessionRow> {
  const sessions = new SessionsRepository(ctx.knex);
  try {
    const result = await ctx.agents.provision(agent, {
      sessionId: session.id,
      ownerId: auth.user.id,
      workspace: { id: workspace.id, name: workspace.name, image: workspace.image, cores: workspace.cores, memoryMb: workspace.memoryMb, resolution: workspace.defaultResolution },
    });
    return await transaction(ctx.knex, (trx) =>
      new SessionsRepository(trx).transition(session.id, { to: 'running', actor: `agent:${agent.id}`, set: { container_id: result.containerId }, detail: `ready after ${result.readyAfterMs} ms` }),
    );
  } catch (error) {
    const reason = (error as Error).message;
    ctx.logger.warn({ sessionId: session.id, reason }, 'session provisioning failed');
    await transaction(ctx.knex, (trx) => new SessionsRepository(trx).transition(session.id, { to: 'error', actor: `agent:${agent.id}`, detail: reason, set: { error_message: reason } }));
    return (await sessions.findById(session.id)) as SessionRow;
  }
}
