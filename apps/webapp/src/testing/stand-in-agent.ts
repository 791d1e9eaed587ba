import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { agentAudience, agentCallClaimsSchema, type agentCapacitySchema, type AgentCallClaims, type AgentRegistrationResponse } from '@atrium/contracts';
import type { z } from 'zod';
import jwt from 'jsonwebtoken';
import { bodyOf, TEST_REGISTRATION_TOKEN, testKeys, type TestApp } from './test-app';

/** One call the stand-in received: the action its token named, and the session. */
export interface AgentCall {
  method: string;
  action: AgentCallClaims['act'];
  sessionId: string;
  claims: AgentCallClaims;
  /** The JSON body, if the call had one. */
  body?: unknown;
}

/** The action a request's method and path are for, as the real agent routes them. */
function expectedAction(req: IncomingMessage, body: string): { action: AgentCallClaims['act']; sessionId: string } {
  const path = req.url ?? '';
  if (req.method === 'POST' && path === '/v1/sessions') return { action: 'provision', sessionId: JSON.parse(body).sessionId };
  const [, , kind, sessionId = '', ...rest] = path.split('/');
  if (req.method === 'DELETE' && kind === 'profiles') return { action: 'profile-reset', sessionId };
  if (req.method === 'DELETE') return { action: 'destroy', sessionId };
  const tail = rest.join('/');
  return { action: (tail === 'streams/close' ? 'close-streams' : tail) as AgentCallClaims['act'], sessionId };
}

/**
 * The control plane's integration tests run against this agent on loopback: it checks each call's token
 * like the real agent (signature, audience, action and session), records the calls, and answers as told.
 * The real agent is covered by the stack's end-to-end tests.
 */
export class StandInAgent {
  readonly calls: AgentCall[] = [];
  agentId = '';
  /** The heartbeat secret the control plane handed out at registration. */
  secret = '';
  /** The next provision fails with this reason. */
  failNextProvision: string | undefined;
  /** The next destroy answers 500. */
  refuseNextDestroy = false;
  /** The next claim of a staged container answers 404 (its container vanished). */
  refuseNextClaim = false;
  /** What a destroy says it saved of the owner's kept home (null: the workspace keeps none). */
  profileBytesOnDestroy: number | null = null;
  /** How long a provision takes to answer (a real start takes about half a second). */
  provisionDelayMs = 0;
  private server?: Server;

  /** Starts listening and registers with the test app; resolves with the agent's id. */
  async register(app: TestApp, capacity: z.input<typeof agentCapacitySchema> = { cores: 2, memoryMb: 4096 }): Promise<string> {
    const apiUrl = await this.listen();
    const registered = await fetch(`${app.internalUrl}/internal/agents/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-atrium-registration-token': TEST_REGISTRATION_TOKEN },
      body: JSON.stringify({ name: `stand-in-${Math.random().toString(36).slice(2, 8)}`, apiUrl, capacity, version: 'test' }),
    });
    const answer = await bodyOf<AgentRegistrationResponse>(registered);
    this.agentId = answer.agentId;
    this.secret = answer.agentSecret;
    return this.agentId;
  }

  callsOf(action: AgentCallClaims['act']): AgentCall[] {
    return this.calls.filter((call) => call.action === action);
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private listen(): Promise<string> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        const token = req.headers.authorization?.replace('Bearer ', '') ?? '';
        const claims = agentCallClaimsSchema.parse(jwt.verify(token, testKeys.publicKey, { algorithms: ['ES256'], audience: agentAudience(this.agentId) }));
        const { action, sessionId } = expectedAction(req, body);
        if (claims.sid !== sessionId || claims.act !== action) throw new Error('token for another call');
        this.calls.push({ method: req.method ?? '', action, sessionId, claims, ...(body && { body: JSON.parse(body) }) });
        const [status, answer] = this.answer(action, sessionId);
        const reply = () => {
          if (answer === undefined) res.writeHead(status).end();
          else res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
        };
        setTimeout(reply, action === 'provision' ? this.provisionDelayMs : 0);
      });
    });
    return new Promise((resolve) => this.server?.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(this.server?.address() as AddressInfo).port}`)));
  }

  private answer(action: AgentCallClaims['act'], sessionId: string): [number, unknown?] {
    if (action === 'provision' && this.failNextProvision) {
      const message = this.failNextProvision;
      this.failNextProvision = undefined;
      return [422, { code: 'provision_failed', message }];
    }
    if (action === 'provision') return [201, { containerId: `c-${sessionId}`, readyAfterMs: 300 }];
    if (action === 'claim' && this.refuseNextClaim) {
      this.refuseNextClaim = false;
      return [404, { code: 'no_container', message: 'the session has no running container on this agent' }];
    }
    if (action === 'destroy' && this.refuseNextDestroy) {
      this.refuseNextDestroy = false;
      return [500, { code: 'internal_error', message: 'Docker did not answer' }];
    }
    if (action === 'close-streams') return [200, { closed: 1 }];
    if (action === 'destroy') return [200, { profileBytes: this.profileBytesOnDestroy }];
    if (action === 'exec') return [200, { exitCode: 0, stdout: 'ran in the stand-in\n', stderr: '', timedOut: false, truncated: false }];
    return [204];
  }
}
