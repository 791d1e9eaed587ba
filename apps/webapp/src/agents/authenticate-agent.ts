import { AgentsRepository, type AgentRecord } from '@atrium/db';
import { createError } from '@atrium/http';
import type { AppContext } from '../context';
import { hashAgentSecret, secretsEqual } from './agent-credentials';

/** The agent whose own secret (from its registration) this is; 401 otherwise, the same for an unknown agent. */
export async function authenticateAgent(ctx: AppContext, agentId: string, secret: string | undefined): Promise<AgentRecord> {
  const agent = await new AgentsRepository(ctx.knex).findById(agentId);
  if (!agent || !secret || !secretsEqual(hashAgentSecret(secret), agent.secretHash)) {
    throw createError(401, 'invalid_agent_credentials', 'Unknown agent or wrong agent secret; register again.');
  }
  return agent;
}
