import { z } from 'zod';

/** Header carrying the one-time-configured registration token on the agent registration call. */
export const AGENT_REGISTRATION_HEADER = 'x-atrium-registration-token';

/**
 * What an agent really has (cores and memory of its Docker host), and how much of it may be promised:
 * CPU is shared, so `cpuOvercommit` cores may be promised per real core; memory is a hard limit, and
 * `memoryReserveMb` of it stays with the host and the roles.
 */
export const agentCapacitySchema = z.object({
  cores: z.number().positive(),
  memoryMb: z.number().int().positive(),
  cpuOvercommit: z.number().min(1).max(64).default(1),
  memoryReserveMb: z.number().int().nonnegative().default(0),
});
export type AgentCapacity = z.infer<typeof agentCapacitySchema>;

/** A Unix socket under /run/atrium (the only place the shared volume is mounted), named *.sock. */
export const agentStreamSocketSchema = z
  .string()
  .max(200)
  .regex(/^\/run\/atrium\/[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*\.sock$/, 'must be a socket path under /run/atrium ending in .sock')
  .refine((path) => !path.split('/').includes('..'), 'must not leave /run/atrium');

export const agentRegistrationRequestSchema = z.object({
  name: z.string().min(1).max(128),
  /** Base URL at which the control plane reaches this agent's API. */
  apiUrl: z.string().url(),
  capacity: agentCapacitySchema,
  version: z.string().max(64),
  /**
   * Where kasm_proxy on the same host reaches the desktop streams without the container network: a Unix socket
   * in a volume both mount at the same path. Absent: streams go to `apiUrl`.
   */
  streamSocket: agentStreamSocketSchema.optional(),
});
export type AgentRegistrationRequest = z.infer<typeof agentRegistrationRequestSchema>;

export const agentRegistrationResponseSchema = z.object({
  agentId: z.string().uuid(),
  /** Bearer secret for heartbeats; returned once, stored hashed by the control plane. */
  agentSecret: z.string().min(32),
  heartbeatIntervalMs: z.number().int().positive(),
});
export type AgentRegistrationResponse = z.infer<typeof agentRegistrationResponseSchema>;

export const agentContainerSchema = z.object({
  sessionId: z.string().uuid(),
  containerId: z.string(),
  state: z.string(),
});

export const agentHeartbeatSchema = z.object({
  capacity: agentCapacitySchema,
  allocated: z.object({ cores: z.number().nonnegative(), memoryMb: z.number().int().nonnegative() }),
  containers: z.array(agentContainerSchema),
});
export type AgentHeartbeat = z.infer<typeof agentHeartbeatSchema>;

/**
 * The control plane's answer to a heartbeat: the sessions among the reported containers that no live session
 * record has (ended, unknown, or created by hand with the label): the agent removes their containers.
 */
export const agentHeartbeatResponseSchema = z.object({ orphans: z.array(z.string().uuid()) });
export type AgentHeartbeatResponse = z.infer<typeof agentHeartbeatResponseSchema>;

/** An agent as administrators see it (`GET /api/agents`): never its secret or the address the control plane calls. */
export const agentViewSchema = z.object({
  id: z.string().uuid(),
  name: z.string(),
  version: z.string(),
  enabled: z.boolean(),
  /** A heartbeat arrived recently enough to place sessions there. */
  online: z.boolean(),
  lastHeartbeatAt: z.string().nullable(),
  capacity: agentCapacitySchema,
  /** What live sessions and staged containers hold there, by the control plane's records. */
  held: z.object({ cores: z.number(), memoryMb: z.number().int() }),
  liveSessions: z.number().int(),
});
export type AgentView = z.infer<typeof agentViewSchema>;

/** `PATCH /api/agents/:id`: a disabled agent gets no new sessions; its running ones keep running. */
export const updateAgentSchema = z.object({ enabled: z.boolean() }).strict();
export type UpdateAgent = z.infer<typeof updateAgentSchema>;
