import { AgentsRepository, SessionsRepository, StagingRepository } from '@atrium/db';
import type { AppContext } from '../context';
import { agentCores, agentMemory, agentsOnline, databasePool, sessionsGauge, stagingGauge } from './metrics';

const MIB = 1024 * 1024;

/** Reads the platform's state into the gauges, at each scrape (the database is the source of truth). */
export async function collectState(ctx: AppContext): Promise<void> {
  sessionsGauge.reset();
  for (const { state, kind, count } of await new SessionsRepository(ctx.knex).countByStateAndKind()) sessionsGauge.set({ state, kind }, count);

  stagingGauge.reset();
  for (const pool of await new StagingRepository(ctx.knex).poolLevels()) {
    stagingGauge.set({ workspace: pool.workspace, state: 'target' }, pool.size);
    stagingGauge.set({ workspace: pool.workspace, state: 'starting' }, pool.starting);
    stagingGauge.set({ workspace: pool.workspace, state: 'ready' }, pool.ready);
  }

  agentCores.reset();
  agentMemory.reset();
  agentsOnline.reset();
  for (const agent of await new AgentsRepository(ctx.knex).listWithHoldings(ctx.config.AGENT_STALE_AFTER_MS)) {
    const cores = agent.cores * agent.cpuOvercommit;
    const memory = (agent.memoryMb - agent.memoryReserveMb) * MIB;
    agentCores.set({ agent: agent.name, state: 'capacity' }, cores);
    agentCores.set({ agent: agent.name, state: 'held' }, agent.heldCores);
    agentCores.set({ agent: agent.name, state: 'free' }, Math.max(0, cores - agent.heldCores));
    agentMemory.set({ agent: agent.name, state: 'capacity' }, memory);
    agentMemory.set({ agent: agent.name, state: 'held' }, agent.heldMemoryMb * MIB);
    agentMemory.set({ agent: agent.name, state: 'free' }, Math.max(0, memory - agent.heldMemoryMb * MIB));
    agentsOnline.set({ agent: agent.name }, agent.online ? 1 : 0);
  }

  // tarn's pool, under knex's client: what the webapp's queries are waiting on when it is slow.
  const pool = (ctx.knex.client as { pool?: { numUsed(): number; numFree(): number; numPendingAcquires(): number } }).pool;
  if (pool) {
    databasePool.set({ state: 'used' }, pool.numUsed());
    databasePool.set({ state: 'idle' }, pool.numFree());
    databasePool.set({ state: 'waiting' }, pool.numPendingAcquires());
  }
}
