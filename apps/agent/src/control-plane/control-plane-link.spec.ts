import { createLogger } from '@atrium/logging';
import { AgentUnknownError, type ControlPlaneClient } from './control-plane-client';
import { ControlPlaneLink } from './control-plane-link';

const logger = createLogger('agent-test', { level: 'silent' });
const registration = async () => ({
  name: 'a',
  apiUrl: 'http://agent:4100',
  capacity: { cores: 1, memoryMb: 512, cpuOvercommit: 4, memoryReserveMb: 0 },
  version: 't',
});
const report = async () => ({
  capacity: { cores: 1, memoryMb: 512, cpuOvercommit: 4, memoryReserveMb: 0 },
  allocated: { cores: 0, memoryMb: 0 },
  containers: [],
});

/** A scripted control plane: each call pops the next outcome. */
function fakeClient(outcomes: { register: (Error | null)[]; heartbeat: (Error | null | { orphans: string[] })[] }) {
  const calls: string[] = [];
  let n = 0;
  const client = {
    register: jest.fn(async () => {
      calls.push('register');
      const outcome = outcomes.register.shift();
      if (outcome) throw outcome;
      n += 1;
      return { agentId: `00000000-0000-4000-8000-00000000000${n}`, agentSecret: 's'.repeat(43), heartbeatIntervalMs: 5 };
    }),
    heartbeat: jest.fn(async () => {
      calls.push('heartbeat');
      const outcome = outcomes.heartbeat.shift();
      if (outcome instanceof Error) throw outcome;
      return outcome ?? { orphans: [] };
    }),
  };
  return { client: client as unknown as ControlPlaneClient, calls };
}

const until = async (condition: () => boolean) => {
  for (let i = 0; i < 400 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  if (!condition()) throw new Error('condition not reached');
};

describe('ControlPlaneLink', () => {
  it('should retry registration until the control plane answers, then send heartbeats', async () => {
    const { client, calls } = fakeClient({ register: [new Error('ECONNREFUSED'), new Error('ECONNREFUSED')], heartbeat: [] });
    const link = new ControlPlaneLink(client, registration, report, logger, 20);
    link.start();
    await until(() => calls.filter((call) => call === 'heartbeat').length >= 3);
    await link.close();
    expect(calls.slice(0, 4)).toEqual(['register', 'register', 'register', 'heartbeat']);
    expect(link.state.agentId).toBe('00000000-0000-4000-8000-000000000001');
  });

  it('should register again when the control plane no longer knows the agent', async () => {
    const { client, calls } = fakeClient({ register: [], heartbeat: [null, new AgentUnknownError('401')] });
    const link = new ControlPlaneLink(client, registration, report, logger, 20);
    link.start();
    await until(() => link.state.agentId === '00000000-0000-4000-8000-000000000002');
    await link.close();
    expect(calls.filter((call) => call === 'register')).toHaveLength(2);
  });

  it("should hand the control plane's answer to reconciliation, and keep beating when that fails", async () => {
    const orphan = '6f1c1d2e-3b4a-4c5d-8e6f-7a8b9c0d1e2f';
    const { client, calls } = fakeClient({ register: [], heartbeat: [{ orphans: [orphan] }, { orphans: [orphan] }] });
    const answers: string[][] = [];
    const link = new ControlPlaneLink(client, registration, report, logger, 20, async (answer) => {
      answers.push(answer.orphans);
      throw new Error('docker did not answer');
    });
    link.start();
    await until(() => calls.filter((call) => call === 'heartbeat').length >= 3);
    await link.close();
    expect(answers.slice(0, 2)).toEqual([[orphan], [orphan]]);
  });

  it('should close idempotently and stop calling out', async () => {
    const { client, calls } = fakeClient({ register: [], heartbeat: [] });
    const link = new ControlPlaneLink(client, registration, report, logger, 20);
    link.start();
    await until(() => calls.length >= 2);
    await Promise.all([link.close(), link.close()]);
    const count = calls.length;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(calls.length).toBe(count);
  });
});
