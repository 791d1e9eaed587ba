/** What the scheduler knows of an agent: its capacity and what its live sessions hold. */
export interface AgentLoad {
  id: string;
  cores: number;
  memoryMb: number;
  heldCores: number;
  heldMemoryMb: number;
}

export interface Need {
  cores: number;
  memoryMb: number;
}

/** The share of an agent's tightest resource that would be in use after placing `need` on it. */
const loadAfter = (agent: AgentLoad, need: Need) =>
  Math.max((agent.heldCores + need.cores) / agent.cores, (agent.heldMemoryMb + need.memoryMb) / agent.memoryMb);

/**
 * Least-loaded placement: among agents with room for the workspace's cores and memory, the one whose
 * tightest resource ends up least used. Ties go to the agent listed first, for determinism.
 */
export function pickAgent<Agent extends AgentLoad>(agents: readonly Agent[], need: Need): Agent | undefined {
  let best: Agent | undefined;
  for (const agent of agents) {
    if (agent.cores <= 0 || agent.memoryMb <= 0 || loadAfter(agent, need) > 1) continue;
    if (!best || loadAfter(agent, need) < loadAfter(best, need)) best = agent;
  }
  return best;
}
