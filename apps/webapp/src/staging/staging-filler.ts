import { randomUUID } from 'node:crypto';
import type { Workspace } from '@atrium/contracts';
import {
  AgentsRepository,
  lockForTransaction,
  StagingRepository,
  transaction,
  WorkspacesRepository,
  type AgentRecord,
  type Knex,
  type StagingSlot,
} from '@atrium/db';
import type { AppContext } from '../context';
import { workspaceToProvision } from '../sessions/provision-request';
import { pickAgent } from '../sessions/pick-agent';
import { planStaging } from './plan-staging';

/** Serialises the planning of all replicas' fillers (`pg_advisory_xact_lock` key). */
const STAGING_LOCK = 0x57a9e;
/** Staged containers belong to nobody until claimed; the agent labels them with this owner. */
const NOBODY = '00000000-0000-0000-0000-000000000000';

interface Start {
  slot: StagingSlot;
  agent: AgentRecord;
  workspace: Workspace;
}

/**
 * One round of the staging pools: under a database lock (one replica plans at a time), retire the slots that
 * have no place any more and record the new ones as `starting` with their agent, so they count against
 * capacity at once; then, outside the lock, remove and start the containers. A container that does not
 * start takes its slot with it; the next round tries again.
 */
export async function fillStagingPools(ctx: AppContext): Promise<{ started: number; retired: number }> {
  const plan = await transaction(ctx.knex, async (trx) => {
    await lockForTransaction(trx, STAGING_LOCK);
    const staging = new StagingRepository(trx);
    const workspaces = await new WorkspacesRepository(trx).list({ enabledOnly: false });
    const { retire, missing } = planStaging(workspaces, await staging.list());
    for (const { slot } of retire) await staging.delete(slot.id);
    const starts: Start[] = [];
    for (const [workspaceId, count] of missing) {
      const workspace = workspaces.find((candidate) => candidate.id === workspaceId) as Workspace;
      for (let i = 0; i < count; i++) {
        const started = await reserveSlot(trx, ctx, workspace);
        if (!started) break; // no room: a pool never takes the last resources from launches in a loop
        starts.push(started);
      }
    }
    return { retire, starts };
  });
  for (const { slot, reason } of plan.retire) await removeContainer(ctx, slot, reason);
  await Promise.all(plan.starts.map((start) => startContainer(ctx, start)));
  return { started: plan.starts.length, retired: plan.retire.length };
}

async function reserveSlot(trx: Knex, ctx: AppContext, workspace: Workspace): Promise<Start | undefined> {
  const agents = await new AgentsRepository(trx).listSchedulable(ctx.config.AGENT_STALE_AFTER_MS);
  const placement = pickAgent(agents, { cores: workspace.cores, memoryMb: workspace.memoryMb });
  if ('shortage' in placement) return undefined;
  const slot = {
    id: randomUUID(),
    workspaceId: workspace.id,
    agentId: placement.agent.id,
    image: workspace.image,
    cores: workspace.cores,
    memoryMb: workspace.memoryMb,
  };
  await new StagingRepository(trx).createStarting(slot);
  return { slot: { ...slot, state: 'starting', containerId: null, createdAt: new Date() }, agent: placement.agent, workspace };
}

async function startContainer(ctx: AppContext, { slot, agent, workspace }: Start): Promise<void> {
  try {
    const result = await ctx.agents.provision(agent, {
      sessionId: slot.id,
      ownerId: NOBODY,
      workspace: workspaceToProvision(workspace),
      environment: {},
    });
    await new StagingRepository(ctx.knex).markReady(slot.id, result.containerId);
    ctx.logger.info({ workspace: workspace.name, slotId: slot.id, readyAfterMs: result.readyAfterMs }, 'staged container ready');
  } catch (error) {
    await new StagingRepository(ctx.knex).delete(slot.id);
    ctx.logger.warn({ workspace: workspace.name, reason: (error as Error).message }, 'staged container did not start');
  }
}

async function removeContainer(ctx: AppContext, slot: StagingSlot, reason: string): Promise<void> {
  const agent = slot.agentId ? await new AgentsRepository(ctx.knex).findById(slot.agentId) : undefined;
  // An agent that does not answer now removes the container later: without its slot it is an orphan.
  if (agent) await ctx.agents.destroy(agent, slot.id).catch(() => undefined);
  ctx.logger.info({ slotId: slot.id, reason }, 'staged container retired');
}

/** Runs a round every STAGING_INTERVAL_MS until closed; `close()` waits for a running round. */
export class StagingFiller {
  private timer?: NodeJS.Timeout;
  private round?: Promise<unknown>;

  constructor(private readonly ctx: AppContext) {}

  start(): void {
    this.timer ??= setInterval(() => this.nudge(), this.ctx.config.STAGING_INTERVAL_MS);
  }

  /** A round now, unless one runs (after a claim, so the pool refills without waiting for the interval). */
  nudge(): void {
    this.round ??= fillStagingPools(this.ctx)
      .catch((error: Error) => this.ctx.logger.error({ err: error }, 'staging round failed'))
      .finally(() => (this.round = undefined));
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.round;
  }
}
