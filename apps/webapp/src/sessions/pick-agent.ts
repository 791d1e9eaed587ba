/** What the scheduler knows of an agent: what it really has, what may be promised, and what is promised. */
export interface AgentLoad {
  id: string;
  /** Real cores and memory (MiB) of the agent's host. */
  cores: number;
  memoryMb: number;
  /** Cores that may be promised per real core (CPU is shared). */
  cpuOvercommit: number;
  /** Memory kept for the host and the roles (memory is a hard limit: never overcommitted). */
  memoryReserveMb: number;
  /** What live sessions on the agent were given. */
  heldCores: number;
  heldMemoryMb: number;
}

export interface Need {
  cores: number;
  memoryMb: number;
}

/** Which resource ran out, for the `no_capacity` answer. */
export type Shortage = { resource: 'agents' } | { resource: 'memory' | 'cpu'; mostFree: number };

export type Placement<Agent> = { agent: Agent } | { shortage: Shortage };

const memoryLimit = (agent: AgentLoad) => agent.memoryMb - agent.memoryReserveMb;
const cpuLimit = (agent: AgentLoad) => agent.cores * agent.cpuOvercommit;
const freeMemory = (agent: AgentLoad) => memoryLimit(agent) - agent.heldMemoryMb;
const freeCpu = (agent: AgentLoad) => cpuLimit(agent) - agent.heldCores;

/** After placing `need`: the share of the agent's memory in use, then of its promisable CPU. */
const loadAfter = (agent: AgentLoad, need: Need): [number, number] => [
  (agent.heldMemoryMb + need.memoryMb) / memoryLimit(agent),
  (agent.heldCores + need.cores) / cpuLimit(agent),
];

const lessLoaded = (a: [number, number], b: [number, number]) => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);

/**
 * Places a session the way operators size such hosts: memory decides (a hard limit, with the agent's reserve
 * kept back), CPU is a share that may be promised `cpuOvercommit` times over. Among agents with room for both,
 * the one whose memory ends up least used wins (then CPU, then the order given, for determinism). When none
 * has room, the answer names what ran out: first memory, then CPU.
 */
export function pickAgent<Agent extends AgentLoad>(agents: readonly Agent[], need: Need): Placement<Agent> {
  const usable = agents.filter((agent) => memoryLimit(agent) > 0 && cpuLimit(agent) > 0);
  if (!usable.length) return { shortage: { resource: 'agents' } };
  const withMemory = usable.filter((agent) => freeMemory(agent) >= need.memoryMb);
  if (!withMemory.length) return { shortage: { resource: 'memory', mostFree: Math.max(...usable.map(freeMemory)) } };
  const withRoom = withMemory.filter((agent) => freeCpu(agent) >= need.cores - 1e-9);
  if (!withRoom.length) return { shortage: { resource: 'cpu', mostFree: Math.max(...withMemory.map(freeCpu)) } };
  let best = withRoom[0] as Agent;
  for (const agent of withRoom.slice(1)) if (lessLoaded(loadAfter(agent, need), loadAfter(best, need))) best = agent;
  return { agent: best };
}

/** The sentence of a `no_capacity` answer. */
export function describeShortage(shortage: Shortage, need: Need): string {
  if (shortage.resource === 'agents') return 'No agent is online to run this workspace.';
  if (shortage.resource === 'memory') {
    return `No agent has ${need.memoryMb} MiB of memory free for this workspace right now (the most free is ${Math.max(0, Math.floor(shortage.mostFree))} MiB).`;
  }
  return `No agent has ${need.cores} core(s) of CPU to share for this workspace right now (the most free is ${Math.max(0, shortage.mostFree).toFixed(2)}).`;
}
