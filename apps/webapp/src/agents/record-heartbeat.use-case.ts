import type { AgentHeartbeat } from '@atrium/contracts';
import { AgentsRepository } from '@atrium/db';
import { createError } from '@atrium/http';
import type { AppContext } from '../context';
import { hashAgentSecret, secretsEqual } from './agent-credentials';

/** Authenticates the agent by its own secret and stores what it reports. */
export async function recordHeartbeat(ctx: AppContext, agentId: string, secret: string | undefined, heartbeat: AgentHeartbeat): Promise<void> {
  const agents = new AgentsRepository(ctx.knex);
  const agent = await agents.findById(agentId);
  if (!agent || !secret || !secretsEqual(hashAgentSecret(secret), agent.secret_hash)) {
    throw createError(401, 'invalid_agent_credentials', 'Unknown agent or wrong agent secret; register again.');
  }
  await agents.recordHeartbeat(agentId, heartbeat);
}
