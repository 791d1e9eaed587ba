import { IllegalTransitionError, type AgentHeartbeat, type AgentHeartbeatResponse, type SessionState } from '@atrium/contracts';
import { AgentsRepository, SessionsRepository, StagingRepository, transaction } from '@atrium/db';
import type { AppContext } from '../context';
import { authenticateAgent } from './authenticate-agent';

/**
 * Authenticates the agent by its own secret, stores what it reports, and reconciles both ways: sessions whose
 * container is gone become `lost`, and containers of no live session are named for the agent to remove.
 */
export async function recordHeartbeat(
  ctx: AppContext,
  agentId: string,
  secret: string | undefined,
  heartbeat: AgentHeartbeat,
): Promise<AgentHeartbeatResponse> {
  await authenticateAgent(ctx, agentId, secret);
  await new AgentsRepository(ctx.knex).recordHeartbeat(agentId, heartbeat);
  await markVanishedSessionsLost(ctx, agentId, heartbeat);
  await forgetVanishedSlots(ctx, agentId, heartbeat);
  return { orphans: await orphansAmong(ctx, heartbeat) };
}

/** Staged containers the agent no longer runs (removed by hand, crashed) leave the pool, which refills. */
async function forgetVanishedSlots(ctx: AppContext, agentId: string, heartbeat: AgentHeartbeat): Promise<void> {
  const running = new Set(heartbeat.containers.filter((container) => container.state === 'running').map((container) => container.sessionId));
  const staging = new StagingRepository(ctx.knex);
  for (const slot of await staging.listVanished(agentId, running, new Date(Date.now() - REPORT_GRACE_MS))) {
    await staging.delete(slot.id);
    ctx.logger.warn({ slotId: slot.id, agentId }, 'staged container gone: its slot is freed');
  }
}

/** Reported containers that no live session record has: ended sessions, unknown ones, hand-made ones. */
async function orphansAmong(ctx: AppContext, heartbeat: AgentHeartbeat): Promise<string[]> {
  const reported = [...new Set(heartbeat.containers.map((container) => container.sessionId))];
  const live = await new SessionsRepository(ctx.knex).liveAmong(reported);
  const staged = await new StagingRepository(ctx.knex).idsAmong(reported);
  const orphans = reported.filter((sessionId) => !live.has(sessionId) && !staged.has(sessionId));
  if (orphans.length) ctx.logger.warn({ orphans }, 'containers of no live session: the agent removes them');
  return orphans;
}

/** Grace for a session that just started, whose container a heartbeat sent a moment earlier cannot list yet. */
const REPORT_GRACE_MS = 15_000;

/** Docker's container states that agree with a session's state. */
const CONTAINER_STATES_OF: Partial<Record<SessionState, readonly string[]>> = {
  running: ['running'],
  paused: ['paused'],
  stopped: ['exited', 'created'],
};

/**
 * A session whose container the agent no longer reports, or reports in a state that contradicts the record
 * (removed by hand, crashed, host restarted), is `lost`: the user sees it ended, and its resources no longer
 * count on the agent (its container, if any, is an orphan from then on).
 */
async function markVanishedSessionsLost(ctx: AppContext, agentId: string, heartbeat: AgentHeartbeat): Promise<void> {
  const reported = new Map(heartbeat.containers.map((container) => [container.sessionId, container.state]));
  const active = await new SessionsRepository(ctx.knex).listActiveOnAgent(agentId, new Date(Date.now() - REPORT_GRACE_MS));
  const vanished = active.filter((row) => !CONTAINER_STATES_OF[row.state]?.includes(reported.get(row.id) ?? 'absent'));
  for (const session of vanished) {
    try {
      await transaction(ctx.knex, (trx) =>
        new SessionsRepository(trx).transition(session.id, { to: 'lost', actor: `agent:${agentId}`, detail: 'container no longer reported by its agent' }),
      );
    } catch (error) {
      if (error instanceof IllegalTransitionError) continue; // ended meanwhile by its user or the reaper
      throw error;
    }
    ctx.logger.warn({ sessionId: session.id, agentId }, 'session lost: its container is gone');
  }
}
