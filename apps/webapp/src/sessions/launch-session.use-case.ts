import type { ResolvedPolicy, Workspace } from '@atrium/contracts';
import {
  AgentsRepository,
  ProfilesRepository,
  SessionsRepository,
  StagingRepository,
  transaction,
  WorkspacesRepository,
  type AgentRecord,
  type Knex,
  type SchedulableAgent,
  type SessionRecord,
} from '@atrium/db';
import { createError } from '@atrium/http';
import type { AuthContext } from '../auth/auth-context';
import type { AppContext } from '../context';
import { workspaceToProvision } from './provision-request';
import { userPolicy } from '../policy/user-policy';
import { workspaceResourcesFor } from '../policy/resolve-policy';
import { openSession } from './open-session';
import { describeShortage, pickAgent } from './pick-agent';
import { launchDuration, launches } from '../metrics/metrics';

export interface LaunchOptions {
  /** Extra environment for the container (the Developer API's); a launch with any skips the staging pool. */
  environment?: Record<string, string>;
  /** false: answer with the `provisioning` session and let the agent's start finish in the background. */
  waitUntilRunning?: boolean;
}

/**
 * Checks policy (workspace enabled, the user's session limit, their cores and memory for this workspace), then
 * takes a ready container from the workspace's staging pool when one fits (the same size, no extra
 * environment), or places the session on the least-loaded agent with room and asks that agent to start it.
 * Every state change is recorded with its actor.
 */
export async function launchSession(ctx: AppContext, auth: AuthContext, workspaceId: string, options: LaunchOptions = {}): Promise<SessionRecord> {
  const { environment = {}, waitUntilRunning = true } = options;
  const launchedAt = performance.now();
  const found = await new WorkspacesRepository(ctx.knex).findById(workspaceId);
  if (!found || !found.enabled) throw createError(404, 'workspace_not_found', 'No such workspace, or it is disabled.');
  const { policy } = await userPolicy(ctx.knex, ctx.config, auth.user.id);
  const workspace = { ...found, ...workspaceResourcesFor(policy, found) };

  const need = { cores: workspace.cores, memoryMb: workspace.memoryMb };
  const poolFits = !found.persistentProfile && !Object.keys(environment).length && need.cores === found.cores && need.memoryMb === found.memoryMb;
  const claimed = poolFits ? await transaction(ctx.knex, (trx) => claimStaged(trx, ctx, auth, policy, workspace)).catch(coldInstead(ctx)) : undefined;
  if (claimed) {
    launchDuration.observe({ path: 'staged' }, (performance.now() - launchedAt) / 1000);
    launches.inc({ outcome: 'running' });
    return claimed;
  }

  const { session, agent } = await transaction(ctx.knex, async (trx) => {
    const agents = await agentsFor(trx, ctx, auth.user.id, workspace);
    const placement = pickAgent(agents, need);
    if ('shortage' in placement) {
      launches.inc({ outcome: 'no_capacity' });
      throw createError(503, 'no_capacity', describeShortage(placement.shortage, need), { detail: `short of ${placement.shortage.resource}` });
    }
    const chosen = placement.agent;
    const opened = await openSession(trx, auth, policy, {
      kind: 'container',
      workspaceId,
      resources: need,
      placement: { agentId: chosen.id, detail: `agent ${chosen.name}` },
      auditDetail: { workspace: workspace.name },
      keptHome: workspace.persistentProfile,
    });
    return { session: opened, agent: chosen };
  });

  const started = provision(ctx, session, agent, workspace, environment).then((outcome) => {
    launches.inc({ outcome: outcome.state === 'running' ? 'running' : 'error' });
    if (outcome.state === 'running') launchDuration.observe({ path: 'cold' }, (performance.now() - launchedAt) / 1000);
    return outcome;
  });
  if (waitUntilRunning) return started;
  // If even recording the outcome fails, the reaper ends the session once its start is overdue (STUCK_START_AFTER_MS).
  started.catch((error: Error) => ctx.logger.error({ sessionId: session.id, reason: error.message }, 'recording a launch outcome failed'));
  return session;
}

/**
 * The agents that may run this launch: any with room, except that a kept home lives on one agent's disk, so a
 * workspace with persistent profiles runs where the user's home is (once it exists).
 */
async function agentsFor(trx: Knex, ctx: AppContext, userId: string, workspace: Workspace): Promise<SchedulableAgent[]> {
  const agents = await new AgentsRepository(trx).listSchedulable(ctx.config.AGENT_STALE_AFTER_MS);
  if (!workspace.persistentProfile) return agents;
  const home = await new ProfilesRepository(trx).find(userId, workspace.id);
  if (!home?.agentId) return agents;
  const holder = agents.filter((agent) => agent.id === home.agentId);
  if (!holder.length)
    throw createError(503, 'profile_unavailable', 'The agent that keeps your profile of this workspace is offline or out of scheduling; try again later.');
  return holder;
}

/** The agent could not bind a staged container to its new owner. */
class ClaimRefused extends Error {}

/** A claim the agent refused leaves the slot in the pool (its transaction rolled back); the launch starts cold. */
const coldInstead = (ctx: AppContext) => (error: unknown) => {
  if (!(error instanceof ClaimRefused)) throw error;
  ctx.logger.warn({ reason: error.message }, 'a staged container could not be claimed; starting one cold');
  return undefined;
};

/**
 * A launch from the pool: the oldest ready staged container of the workspace becomes this user's session under
 * the id it was started for, running at once. Undefined when the pool is empty (the caller starts one cold).
 * The claim, the session limit check, the record and the agent's rotation of the VNC password to the owner's
 * are one transaction: a refused launch, or a claim the agent refused, leaves the slot.
 */
async function claimStaged(trx: Knex, ctx: AppContext, auth: AuthContext, policy: ResolvedPolicy, workspace: Workspace): Promise<SessionRecord | undefined> {
  const slot = await new StagingRepository(trx).claimReady(workspace.id, workspace.image, ctx.config.AGENT_STALE_AFTER_MS);
  if (!slot?.agentId || !slot.containerId) return undefined;
  const opened = await openSession(trx, auth, policy, {
    id: slot.id,
    kind: 'container',
    workspaceId: workspace.id,
    resources: { cores: slot.cores, memoryMb: slot.memoryMb },
    placement: { agentId: slot.agentId, detail: 'staged container' },
    auditDetail: { workspace: workspace.name, staged: true },
  });
  const running = await new SessionsRepository(trx).transition(opened.id, {
    to: 'running',
    actor: `agent:${slot.agentId}`,
    set: { containerId: slot.containerId },
    detail: `claimed from the staging pool, ready since ${slot.createdAt.toISOString()}`,
  });
  const agent = await new AgentsRepository(trx).findById(slot.agentId);
  if (!agent) throw new ClaimRefused("the staged container's agent is gone");
  await ctx.agents.claim(agent, slot.id, auth.user.id).catch((error: Error) => {
    throw new ClaimRefused(error.message);
  });
  return running;
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
      workspace: workspaceToProvision(workspace),
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
