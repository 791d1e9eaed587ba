import type { AgentRegistrationRequest, AgentRegistrationResponse } from '@atrium/contracts';
import { AgentsRepository, AuditRepository, transaction } from '@atrium/db';
import { createError } from '@atrium/http';
import type { AppContext } from '../context';
import { hashAgentSecret, newAgentSecret, secretsEqual } from './agent-credentials';

/** Exchanges the shared registration token for this agent's own id and secret. */
export async function registerAgent(
  ctx: AppContext,
  registrationToken: string | undefined,
  input: AgentRegistrationRequest,
): Promise<AgentRegistrationResponse> {
  if (!registrationToken || !secretsEqual(registrationToken, ctx.config.AGENT_REGISTRATION_TOKEN)) {
    throw createError(401, 'invalid_registration_token', 'The registration token is not valid.');
  }
  const agentSecret = newAgentSecret();
  const agent = await transaction(ctx.knex, async (trx) => {
    const row = await new AgentsRepository(trx).upsert({
      name: input.name,
      apiUrl: input.apiUrl,
      streamSocket: input.streamSocket,
      secretHash: hashAgentSecret(agentSecret),
      version: input.version,
      capacity: input.capacity,
    });
    await new AuditRepository(trx).record({ actorType: 'agent', actorId: row.id, action: 'agent.register', detail: { name: input.name } });
    return row;
  });
  ctx.logger.info({ agentId: agent.id, agentName: input.name }, 'agent registered');
  return { agentId: agent.id, agentSecret, heartbeatIntervalMs: ctx.config.AGENT_HEARTBEAT_INTERVAL_MS };
}
