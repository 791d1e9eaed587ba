import {
  AGENT_REGISTRATION_HEADER,
  agentHeartbeatResponseSchema,
  INTERNAL_PATHS,
  agentRegistrationResponseSchema,
  type AgentHeartbeat,
  type AgentHeartbeatResponse,
  type AgentRegistrationRequest,
  type AgentRegistrationResponse,
  type TransferReport,
} from '@atrium/contracts';

/** Thrown when the control plane no longer recognises this agent: register again. */
export class AgentUnknownError extends Error {}

const TIMEOUT_MS = 5_000;

/** The agent's calls to the control plane, typed by the shared contracts. */
export class ControlPlaneClient {
  constructor(
    private readonly baseUrl: string,
    private readonly registrationToken: string,
  ) {}

  async register(request: AgentRegistrationRequest): Promise<AgentRegistrationResponse> {
    const response = await fetch(new URL(INTERNAL_PATHS.agentRegistration, this.baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', [AGENT_REGISTRATION_HEADER]: this.registrationToken },
      body: JSON.stringify(request),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`registration answered ${response.status}`);
    return agentRegistrationResponseSchema.parse(await response.json());
  }

  async heartbeat(agentId: string, agentSecret: string, heartbeat: AgentHeartbeat): Promise<AgentHeartbeatResponse> {
    const response = await fetch(new URL(INTERNAL_PATHS.agentHeartbeat(agentId), this.baseUrl), {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${agentSecret}` },
      body: JSON.stringify(heartbeat),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (response.status === 401) throw new AgentUnknownError('control plane rejected the agent credentials');
    if (!response.ok) throw new Error(`heartbeat answered ${response.status}`);
    return agentHeartbeatResponseSchema.parse(await response.json());
  }

  /** A file transfer this agent ran, for the audit log. */
  async reportTransfer(agentId: string, agentSecret: string, report: TransferReport): Promise<void> {
    const response = await fetch(new URL(INTERNAL_PATHS.agentTransfers(agentId), this.baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${agentSecret}` },
      body: JSON.stringify(report),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`transfer report answered ${response.status}`);
  }
}
