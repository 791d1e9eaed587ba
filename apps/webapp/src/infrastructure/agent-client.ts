import {
  closedStreamsSchema,
  destroyResponseSchema,
  execResultSchema,
  provisionResponseSchema,
  type ExecRequest,
  type ExecResult,
  type ContainerAction,
  type DestroyResponse,
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

  /**
   * Closes the session's streams and removes its container (saving the owner's kept home first, where the workspace
   * keeps one); a container already gone counts as removed. An agent of an earlier release answers 204: no profile.
   */
  async destroy(agent: AgentAddress, sessionId: string): Promise<DestroyResponse> {
    const token = this.signer.callToken(agent.id, { act: 'destroy', sid: sessionId });
    // Saving a kept home of hundreds of MB takes seconds: as long as a start may take.
    const response = await this.call(agent, 'DELETE', `/v1/sessions/${sessionId}`, token, undefined, this.provisionTimeoutMs);
    if (response.status === 204) return { profileBytes: null };
    return destroyResponseSchema.parse(await response.json());
  }

  /** Deletes a user's kept homes on the agent: one workspace's, or all of them. */
  async resetProfiles(agent: AgentAddress, userId: string, workspaceId?: string): Promise<void> {
    const token = this.signer.callToken(agent.id, { act: 'profile-reset', sid: userId, ...(workspaceId && { wsp: workspaceId }) });
    await this.call(agent, 'DELETE', `/v1/profiles/${userId}${workspaceId ? `/${workspaceId}` : ''}`, token);
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

  /** The agent's own metrics (its streams and process), as prom-client's JSON, for the webapp's scrape to merge. */
  async metrics(agent: AgentAddress): Promise<unknown> {
    const token = this.signer.callToken(agent.id, { act: 'metrics', sid: agent.id });
    return (await this.call(agent, 'GET', '/v1/metrics', token, undefined, 2_000)).json();
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
