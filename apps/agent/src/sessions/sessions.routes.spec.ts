import { generateKeyPairSync } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { agentAudience, TOKEN_ISSUER, type AgentCallClaims } from '@atrium/contracts';
import { errorHandler, OpenStreams } from '@atrium/http';
import { createLogger } from '@atrium/logging';
import express from 'express';
import jwt from 'jsonwebtoken';
import type { Server } from 'node:http';
import { sessionRoutes } from './sessions.routes';
import type { SessionContainers } from './session-containers';

/** The agent's call routes refuse any token that is not for exactly this action and session (or user's profile). */
const AGENT_ID = '7d0f7a8e-1b2c-4d3e-8f90-a1b2c3d4e5f6';
const SESSION = '6f1c1d2e-3b4a-4c5d-8e6f-7a8b9c0d1e2f';
const OTHER_SESSION = '0b6c4c1e-3f1a-4c55-9d7e-2a1f0c9b8e77';
const WORKSPACE = '1a2b3c4d-0000-4000-8000-000000000001';
const keys = generateKeyPairSync('ec', {
  namedCurve: 'P-256',
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});

const done: string[] = [];
const containers = {
  destroy: async (sessionId: string) => (done.push(`destroy ${sessionId}`), null),
  pause: async (sessionId: string) => void done.push(`pause ${sessionId}`),
  profiles: { remove: async (userId: string, workspaceId?: string) => void done.push(`reset ${userId} ${workspaceId ?? 'all'}`) },
} as unknown as SessionContainers;

let server: Server;
let base: string;
beforeAll(async () => {
  const app = express();
  app.use(express.json());
  app.use(
    sessionRoutes({
      containers,
      streams: new OpenStreams(),
      publicKey: keys.publicKey,
      agentId: () => AGENT_ID,
      logger: createLogger('test', { level: 'silent' }),
    }),
  );
  app.use(errorHandler(createLogger('test', { level: 'silent' })));
  server = app.listen(0);
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => done.splice(0));

const token = (claims: Omit<AgentCallClaims, 'typ'>) =>
  jwt.sign({ typ: 'agent-call', ...claims }, keys.privateKey, { algorithm: 'ES256', issuer: TOKEN_ISSUER, audience: agentAudience(AGENT_ID), expiresIn: 30 });

async function call(method: string, path: string, bearer: string): Promise<{ status: number; code?: string }> {
  const response = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${bearer}` } });
  const body = (await response.json().catch(() => ({}))) as { code?: string };
  return { status: response.status, ...(body.code && { code: body.code }) };
}

describe("the agent's call routes", () => {
  it('should do what a token for this action and session asks', async () => {
    expect((await call('DELETE', `/v1/sessions/${SESSION}`, token({ act: 'destroy', sid: SESSION }))).status).toBe(200);
    expect((await call('POST', `/v1/sessions/${SESSION}/pause`, token({ act: 'pause', sid: SESSION }))).status).toBe(204);
    expect(done).toEqual([`destroy ${SESSION}`, `pause ${SESSION}`]);
  });

  it.each([
    ['another session', 'DELETE', `/v1/sessions/${SESSION}`, { act: 'destroy', sid: OTHER_SESSION }],
    ['another action', 'DELETE', `/v1/sessions/${SESSION}`, { act: 'pause', sid: SESSION }],
    ['pause, with a token to resume', 'POST', `/v1/sessions/${SESSION}/pause`, { act: 'resume', sid: SESSION }],
    ["another user's profile", 'DELETE', `/v1/profiles/${SESSION}/${WORKSPACE}`, { act: 'profile-reset', sid: OTHER_SESSION, wsp: WORKSPACE }],
    ['every profile, with a token for one', 'DELETE', `/v1/profiles/${SESSION}`, { act: 'profile-reset', sid: SESSION, wsp: WORKSPACE }],
    ['one profile, with a token for all', 'DELETE', `/v1/profiles/${SESSION}/${WORKSPACE}`, { act: 'profile-reset', sid: SESSION }],
  ] as const)('should refuse a call with a token for %s (401 invalid_call_token) and do nothing', async (_what, method, path, claims) => {
    expect(await call(method, path, token(claims as Omit<AgentCallClaims, 'typ'>))).toEqual({ status: 401, code: 'invalid_call_token' });
    expect(done).toEqual([]);
  });

  it('should reset exactly the profile a token names', async () => {
    expect((await call('DELETE', `/v1/profiles/${SESSION}/${WORKSPACE}`, token({ act: 'profile-reset', sid: SESSION, wsp: WORKSPACE }))).status).toBe(204);
    expect((await call('DELETE', `/v1/profiles/${SESSION}`, token({ act: 'profile-reset', sid: SESSION }))).status).toBe(204);
    expect(done).toEqual([`reset ${SESSION} ${WORKSPACE}`, `reset ${SESSION} all`]);
  });
});
