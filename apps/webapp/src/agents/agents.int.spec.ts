import type { AgentRegistrationResponse, ErrorEnvelope, PlatformHealth } from '@atrium/contracts';
import { refusalOf, bodyOf, startTestApp, TEST_REGISTRATION_TOKEN, type TestApp } from '../testing/test-app';

let app: TestApp;
beforeAll(async () => (app = await startTestApp()));
afterAll(() => app.close());

const registration = { name: 'agent-1', apiUrl: 'http://agent:4100', capacity: { cores: 2, memoryMb: 4096 }, version: '0.1.0' };
const heartbeat = { capacity: { cores: 2, memoryMb: 4096 }, allocated: { cores: 0, memoryMb: 0 }, containers: [] };

const register = (token: string | undefined, body: unknown = registration) =>
  fetch(`${app.internalUrl}/internal/agents/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token && { 'x-atrium-registration-token': token }) },
    body: JSON.stringify(body),
  });

const beat = (agentId: string, secret: string) =>
  fetch(`${app.internalUrl}/internal/agents/${agentId}/heartbeat`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
    body: JSON.stringify(heartbeat),
  });

describe('agent registration', () => {
  it('should refuse a missing or wrong registration token', async () => {
    expect(await refusalOf(register(undefined))).toEqual([401, 'invalid_registration_token']);
    expect(await refusalOf(register('wrong-token'))).toEqual([401, 'invalid_registration_token']);
  });

  it('should validate the registration body', async () => {
    const response = await register(TEST_REGISTRATION_TOKEN, { ...registration, apiUrl: 'not a url' });
    expect(response.status).toBe(400);
    expect((await bodyOf<ErrorEnvelope>(response)).validations?.[0]?.field).toBe('apiUrl');
  });

  it('should record a stream socket under /run/atrium only', async () => {
    for (const streamSocket of ['/tmp/agent.sock', '/run/atrium/../../etc/agent.sock', '/run/atrium/agent', 'relative.sock']) {
      const refused = await register(TEST_REGISTRATION_TOKEN, { ...registration, name: 'socket-agent', streamSocket });
      expect([streamSocket, refused.status]).toEqual([streamSocket, 400]);
    }
    const accepted = await register(TEST_REGISTRATION_TOKEN, { ...registration, name: 'socket-agent', streamSocket: '/run/atrium/agent-streams/agent.sock' });
    const { agentId } = await bodyOf<AgentRegistrationResponse>(accepted);
    expect((await app.ctx.knex('agents').where({ id: agentId }).first()).stream_socket).toBe('/run/atrium/agent-streams/agent.sock');
    await app.ctx.knex('agents').where({ id: agentId }).delete();
  });

  it('should issue an id and secret, accept heartbeats with that secret only, and not store the secret', async () => {
    const response = await register(TEST_REGISTRATION_TOKEN);
    expect(response.status).toBe(201);
    const { agentId, agentSecret } = await bodyOf<AgentRegistrationResponse>(response);
    expect((await beat(agentId, agentSecret)).status).toBe(200);
    expect(await refusalOf(beat(agentId, 'x'.repeat(43)))).toEqual([401, 'invalid_agent_credentials']);
    const row = await app.ctx.knex('agents').where({ id: agentId }).first();
    expect(JSON.stringify(row)).not.toContain(agentSecret);
  });

  it('should keep one row per agent name and invalidate the old secret on re-registration', async () => {
    const first = await bodyOf<AgentRegistrationResponse>(await register(TEST_REGISTRATION_TOKEN));
    const second = await bodyOf<AgentRegistrationResponse>(await register(TEST_REGISTRATION_TOKEN));
    expect(second.agentId).toBe(first.agentId);
    expect(await refusalOf(beat(first.agentId, first.agentSecret))).toEqual([401, 'invalid_agent_credentials']);
    expect((await beat(second.agentId, second.agentSecret)).status).toBe(200);
  });

  it('should report the agent online in the platform health until its heartbeats stop', async () => {
    const health = await bodyOf<PlatformHealth>(await fetch(`${app.baseUrl}/api/health`));
    expect(health.components.agents).toMatchObject({ status: 'ok', online: 1, registered: 1 });
    expect(health.components.connectionProxy.status).toBe('down');
    await app.ctx.knex('agents').update({ last_heartbeat_at: new Date(Date.now() - 60_000) });
    const stale = await fetch(`${app.baseUrl}/api/health`);
    expect(stale.status).toBe(503);
    expect((await bodyOf<PlatformHealth>(stale)).components.agents).toMatchObject({ status: 'down', online: 0, registered: 1 });
  });
});
