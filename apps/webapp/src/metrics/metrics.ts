import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The webapp's metrics, in one registry per process (each replica is its own scrape target). Counters and
 * histograms are moved where things happen; the gauges of the platform's state (sessions, pools, agents, the
 * database pool) are read when scraped (collect-state.ts). The list, with what each means, is docs/metrics.md.
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'atrium_webapp_' });

/** From the launch request to the session running: cold (a container started) or staged (claimed from a pool). */
export const launchDuration = new Histogram({
  name: 'atrium_launch_duration_seconds',
  help: 'Launch request to session running, by path (cold: a container started; staged: claimed from a pool).',
  labelNames: ['path'] as const,
  buckets: [0.1, 0.25, 0.5, 1, 2, 3, 5, 8, 13, 21, 34, 60],
  registers: [registry],
});

export const launches = new Counter({
  name: 'atrium_launches_total',
  help: 'Container launches by outcome (running, error, no_capacity).',
  labelNames: ['outcome'] as const,
  registers: [registry],
});

export const httpRequests = new Counter({
  name: 'atrium_http_requests_total',
  help: 'API requests by method, route (the route pattern, never the path) and status.',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [registry],
});

export const httpDuration = new Histogram({
  name: 'atrium_http_request_duration_seconds',
  help: 'API request latency by method and route.',
  labelNames: ['method', 'route'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

export const signInFailures = new Counter({
  name: 'atrium_sign_in_failures_total',
  help: 'Refused sign-ins by reason (password, second_factor, throttled).',
  labelNames: ['reason'] as const,
  registers: [registry],
});

export const reaperActions = new Counter({
  name: 'atrium_reaper_actions_total',
  help: 'Sessions the reaper ended, by reason.',
  labelNames: ['reason'] as const,
  registers: [registry],
});

export const sessionsGauge = new Gauge({
  name: 'atrium_sessions',
  help: 'Sessions by state and kind.',
  labelNames: ['state', 'kind'] as const,
  registers: [registry],
});

export const stagingGauge = new Gauge({
  name: 'atrium_staging_pool_containers',
  help: "Staged containers per workspace by state (starting, ready), and each pool's target (state=target).",
  labelNames: ['workspace', 'state'] as const,
  registers: [registry],
});

export const agentCores = new Gauge({
  name: 'atrium_agent_cores',
  help: 'Cores an agent may promise (its cores times its overcommit), held by sessions and staged containers, and free.',
  labelNames: ['agent', 'state'] as const,
  registers: [registry],
});

export const agentMemory = new Gauge({
  name: 'atrium_agent_memory_bytes',
  help: 'Memory an agent may promise (less its reserve), held, and free.',
  labelNames: ['agent', 'state'] as const,
  registers: [registry],
});

export const agentsOnline = new Gauge({
  name: 'atrium_agent_online',
  help: '1 when the agent heartbeat is recent.',
  labelNames: ['agent'] as const,
  registers: [registry],
});

export const databasePool = new Gauge({
  name: 'atrium_db_pool_connections',
  help: "The webapp's PostgreSQL pool: connections in use, idle, and requests waiting for one.",
  labelNames: ['state'] as const,
  registers: [registry],
});
