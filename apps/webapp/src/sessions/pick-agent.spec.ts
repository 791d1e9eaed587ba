import { pickAgent, type AgentLoad } from './pick-agent';

const agent = (id: string, heldCores: number, heldMemoryMb: number, cores = 4, memoryMb = 8192): AgentLoad => ({
  id,
  cores,
  memoryMb,
  heldCores,
  heldMemoryMb,
});
const need = { cores: 1, memoryMb: 1024 };

describe('pickAgent', () => {
  it('should pick the least loaded agent', () => {
    expect(pickAgent([agent('a', 3, 1024), agent('b', 1, 1024), agent('c', 2, 1024)], need)?.id).toBe('b');
  });

  it('should judge load by the tightest resource', () => {
    // a: cores 2/4 after, memory 7/8 after -> 0.875; b: cores 3/4, memory 2/8 -> 0.75
    expect(pickAgent([agent('a', 1, 6144), agent('b', 2, 1024)], need)?.id).toBe('b');
  });

  it('should skip agents without room for the cores or the memory', () => {
    expect(pickAgent([agent('full-cpu', 3.5, 0), agent('full-mem', 0, 7680), agent('ok', 3, 7168)], need)?.id).toBe('ok');
  });

  it('should accept an agent that is exactly filled by the workspace', () => {
    expect(pickAgent([agent('exact', 3, 7168)], need)?.id).toBe('exact');
  });

  it('should find nothing when no agent has room, or there is no agent', () => {
    expect(pickAgent([agent('a', 4, 0)], need)).toBeUndefined();
    expect(pickAgent([], need)).toBeUndefined();
  });

  it('should ignore agents that report no capacity', () => {
    expect(pickAgent([agent('broken', 0, 0, 0, 0), agent('ok', 0, 0)], need)?.id).toBe('ok');
  });

  it('should break ties by order', () => {
    expect(pickAgent([agent('first', 1, 1024), agent('second', 1, 1024)], need)?.id).toBe('first');
  });
});
