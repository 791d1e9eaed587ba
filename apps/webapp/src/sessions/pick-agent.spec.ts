import { describeShortage, pickAgent, type AgentLoad, type Placement } from './pick-agent';

/** An agent of 2 real cores and 24 GiB, overcommit 4, 1 GiB reserved: 8 cores and 23 GiB to promise. */
const agent = (id: string, heldCores: number, heldMemoryMb: number, overrides: Partial<AgentLoad> = {}): AgentLoad => ({
  id,
  cores: 2,
  memoryMb: 24_576,
  cpuOvercommit: 4,
  memoryReserveMb: 1024,
  heldCores,
  heldMemoryMb,
  ...overrides,
});
const terminal = { cores: 1, memoryMb: 768 };
const placedOn = (placement: Placement<AgentLoad>) => ('agent' in placement ? placement.agent.id : placement.shortage);

describe('pickAgent', () => {
  it.each<[string, AgentLoad[], { cores: number; memoryMb: number }, unknown]>([
    ['a third terminal on a 2-core host: CPU is overcommitted', [agent('a', 2, 1536)], terminal, 'a'],
    ['the eighth core-sized session still fits (2 cores x 4)', [agent('a', 7, 7 * 768)], terminal, 'a'],
    ['the ninth does not: CPU ran out', [agent('a', 8, 8 * 768)], terminal, { resource: 'cpu', mostFree: 0 }],
    ['memory decides before CPU: the reserve is never promised', [agent('a', 0, 23_000)], terminal, { resource: 'memory', mostFree: 552 }],
    ['exactly the free memory is enough', [agent('a', 0, 23_552 - 768)], terminal, 'a'],
    ['the agent whose memory ends up least used wins', [agent('busy', 0, 8192), agent('idle', 6, 1024)], terminal, 'idle'],
    ['equal memory: the one with more CPU to share', [agent('cpu-busy', 6, 1024), agent('cpu-idle', 1, 1024)], terminal, 'cpu-idle'],
    ['equal everything: the first listed', [agent('first', 1, 1024), agent('second', 1, 1024)], terminal, 'first'],
    ['an agent with memory but no CPU is skipped for one with both', [agent('no-cpu', 8, 0), agent('ok', 7, 20_000)], terminal, 'ok'],
    ['no agent at all', [], terminal, { resource: 'agents' }],
    ['an agent whose reserve is all its memory is no agent', [agent('a', 0, 0, { memoryReserveMb: 24_576 })], terminal, { resource: 'agents' }],
    ['without overcommit a core is a core', [agent('a', 2, 0, { cpuOvercommit: 1 })], terminal, { resource: 'cpu', mostFree: 0 }],
    ['fractional cores add up without rounding trouble', [agent('a', 7.75, 0)], { cores: 0.25, memoryMb: 512 }, 'a'],
  ])('%s', (_name, agents, need, expected) => {
    expect(placedOn(pickAgent(agents, need))).toEqual(expected);
  });

  it('should name what ran out, and how much is left, in the refusal', () => {
    expect(describeShortage({ resource: 'memory', mostFree: 552.4 }, terminal)).toBe(
      'No agent has 768 MiB of memory free for this workspace right now (the most free is 552 MiB).',
    );
    expect(describeShortage({ resource: 'cpu', mostFree: 0.5 }, terminal)).toMatch(/1 core\(s\) of CPU .*the most free is 0\.50/);
    expect(describeShortage({ resource: 'agents' }, terminal)).toBe('No agent is online to run this workspace.');
  });
});
