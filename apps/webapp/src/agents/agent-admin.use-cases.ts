import type { AgentView } from '@atrium/contracts';
import { AgentsRepository, type AgentWithHoldings } from '@atrium/db';
import { createError } from '@atrium/http';
import type { Actor } from '../auth/auth-context';
import type { AppContext } from '../context';
import { auditedWrite } from '../writes/audited-write';

const toAgentView = (agent: AgentWithHoldings): AgentView => ({
  id: agent.id,
  name: agent.name,
  version: agent.version,
  enabled: agent.enabled,
  online: agent.online,
  lastHeartbeatAt: agent.lastHeartbeatAt?.toISOString() ?? null,
  capacity: { cores: agent.cores, memoryMb: agent.memoryMb, cpuOvercommit: agent.cpuOvercommit, memoryReserveMb: agent.memoryReserveMb },
  held: { cores: agent.heldCores, memoryMb: agent.heldMemoryMb },
  liveSessions: agent.liveSessions,
});

/** Every registered agent with its capacity, what is held there and whether it is online. */
export async function listAgents(ctx: AppContext): Promise<AgentView[]> {
  const agents = await new AgentsRepository(ctx.knex).listWithHoldings(ctx.config.AGENT_STALE_AFTER_MS);
  return agents.map(toAgentView);
}

/** Takes an agent out of scheduling, or back in; the sessions running there are left alone. */
export async function setAgentEnabled(ctx: AppContext, actor: Actor, agentId: string, enabled: boolean): Promise<void> {
  await auditedWrite(ctx, actor, { action: enabled ? 'agent.enable' : 'agent.disable', targetType: 'agent' }, async (trx) => {
    const changed = await new AgentsRepository(trx).setEnabled(agentId, enabled);
    if (!changed) throw createError(404, 'agent_not_found', 'No such agent.');
    return changed;
  });
}
