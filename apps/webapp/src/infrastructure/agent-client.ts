import {
  closedStreamsSchema,
  execResultSchema,
  provisionResponseSchema,
  type ExecRequest,
  type ExecResult,
  type ContainerAction,
  type ErrorEnvelope,
  type ProvisionRequest,
  type ProvisionResponse,
} from '@atrium/contracts';
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
    /** Starting a container may pull layers and wait for the desktop; everything else is quick. */
    private readonly provisionTimeoutMs = 60_000,
    private readonly callTimeoutMs = 10_000,
  ) {}

  async provision(agent: AgentAddress, request: ProvisionRequest): Promise<ProvisionResponse> {
    const token = this.signer.callToken(agent.id, { act: 'provision', sid: request.sessionId });
    const response = await this.call(agent, 'POST', '/v1/sessions', token, request, this.provisionTimeoutMs);
    return provisionResponseSchema.parse(await response.json());
  }

  /** Makes a staged container `ownerId`'s session: the agent rotates its VNC password to the owner's. */
  async claim(agent: AgentAddress, sessionId: string, ownerId: string): Promise<void> {
    const token = this.signer.callToken(agent.id, { act: 'claim', sid: sessionId });
    await this.call(agent, 'POST', `/v1/sessions/${sessionId}/claim`, token, { ownerId });
  }

  /** Closes the session's streams and removes its container; a container already gone counts as removed. */
  async destroy(agent: AgentAddress, sessionId: string): Promise<void> {
    const token = this.signer.callToken(agent.id, { act: 'destroy', sid: sessionId });
    await this.call(agent, 'DELETE', `/v1/sessions/${sessionId}`, token);
  }

  /** Pauses, resumes, stops or starts the session's container; starting waits for the desktop, like a launch. */
  async changeContainer(agent: AgentAddress, sessionId: string, action: ContainerAction): Promise<void> {
    const token = this.signer.callToken(agent.id, { act: action, sid: sessionId });
    await this.call(agent, 'POST', `/v1/sessions/${sessionId}/${action}`, token, undefined, this.provisionTimeoutMs);
  }

  /** Runs a command in the session's workspace, as its user; waits for it (the agent stops waiting after 30 s). */
  async exec(agent: AgentAddress, sessionId: string, request: ExecRequest): Promise<ExecResult> {
    const token = this.signer.callToken(agent.id, { act: 'exec', sid: sessionId });
    const response = await this.call(agent, 'POST', `/v1/sessions/${sessionId}/exec`, token, request, this.provisionTimeoutMs);
    return execResultSchema.parse(await response.json());
  }

  /** Closes the session's open desktop streams, or only those one browser sign-in or one share opened; returns how many. */
  async closeStreams(agent: AgentAddress, sessionId: string, only: { authSessionId?: string; shareId?: string } = {}): Promise<number> {
    const token = this.signer.callToken(agent.id, {
      act: 'close-streams',
      sid: sessionId,
      ...(only.authSessionId && { asid: only.authSessionId }),
      ...(only.shareId && { shr: only.shareId }),
    });
    const response = await this.call(agent, 'POST', `/v1/sessions/${sessionId}/streams/close`, token);
    return closedStreamsSchema.parse(await response.json()).closed;
  }

  private async call(agent: AgentAddress, method: string, path: string, token: string, body?: unknown, timeoutMs = this.callTimeoutMs): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(new URL(path, agent.apiUrl), {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
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
