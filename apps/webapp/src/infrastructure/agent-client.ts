import { provisionResponseSchema, type ErrorEnvelope, type ProvisionRequest, type ProvisionResponse } from '@atrium/contracts';
import type { AgentTokenSigner } from './agent-token-signer';

/** An agent that could not be reached or refused the call: an operational failure, not the caller's. */
export class AgentCallError extends Error {}

/** Where an agent is and who it is: enough to sign a call for it and reach it. */
export interface AgentAddress {
  id: string;
  apiUrl: string;
}

/** The webapp's calls to an agent's API, each with its own short-lived signed token. */
export class AgentClient {
  constructor(
    private readonly signer: AgentTokenSigner,
    private readonly timeoutMs = 60_000,
  ) {}

  async provision(agent: AgentAddress, request: ProvisionRequest): Promise<ProvisionResponse> {
    const token = this.signer.callToken(agent.id, { act: 'provision', sid: request.sessionId });
    const response = await this.call(agent, 'POST', '/v1/sessions', token, request);
    return provisionResponseSchema.parse(await response.json());
  }

  async destroy(agent: AgentAddress, sessionId: string): Promise<void> {
    const token = this.signer.callToken(agent.id, { act: 'destroy', sid: sessionId });
    await this.call(agent, 'DELETE', `/v1/sessions/${sessionId}`, token);
  }

  private async call(agent: AgentAddress, method: string, path: string, token: string, body?: unknown): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(new URL(path, agent.apiUrl), {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new AgentCallError(`agent unreachable: ${(error as Error).message}`);
    }
    if (!response.ok) {
      const envelope = (await response.json().catch(() => ({}))) as Partial<ErrorEnvelope>;
      throw new AgentCallError(envelope.message ?? `agent answered ${response.status}`);
    }
    return response;
  }
}
