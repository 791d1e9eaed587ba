import { agentHeartbeatSchema, agentRegistrationRequestSchema } from './agents';

/**
 * During an upgrade the control plane is replaced before the agent, so it must read what older agents send.
 * These are the messages as agents of earlier releases sent them: a change that refuses one breaks upgrades
 * (docs/operations.md, "Upgrades"); add a release's messages here when their shape changes.
 */
const capacity = { cores: 2, memoryMb: 24_000, cpuOvercommit: 4, memoryReserveMb: 2048 };
const registrations = {
  'of 2026-11-24, before stream sockets and overcommit': {
    name: 'ra1-agent',
    apiUrl: 'http://agent:4100',
    capacity: { cores: 2, memoryMb: 24_000 },
    version: '0.1.0',
  },
  'with the stream socket (2026-12-05)': {
    name: 'ra1-agent',
    apiUrl: 'http://agent:4100',
    capacity,
    version: '0.1.0',
    streamSocket: '/run/atrium/agent-streams/agent.sock',
  },
};
const heartbeats = {
  'idle (2026-12-05)': { capacity, allocated: { cores: 0, memoryMb: 0 }, containers: [] },
  'with a session and a staged container (2026-12-05)': {
    capacity,
    allocated: { cores: 0.5, memoryMb: 1024 },
    containers: [
      { sessionId: '3f0c1b0e-6a3d-4b8e-9c1f-2d4e5f6a7b8c', containerId: 'cf891b014adb', state: 'running' },
      { sessionId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', containerId: '0d1e2f3a4b5c', state: 'created' },
    ],
  },
};

describe('messages from agents of earlier releases', () => {
  it.each(Object.entries(registrations))('should accept a registration %s', (_release, message) => {
    expect(agentRegistrationRequestSchema.safeParse(message).success).toBe(true);
  });

  it.each(Object.entries(heartbeats))('should accept a heartbeat %s', (_release, message) => {
    expect(agentHeartbeatSchema.safeParse(message).success).toBe(true);
  });

  it('should still refuse a registration that lacks what every release sent', () => {
    const { version: _version, ...withoutVersion } = registrations['with the stream socket (2026-12-05)'];
    expect(agentRegistrationRequestSchema.safeParse(withoutVersion).success).toBe(false);
  });
});
