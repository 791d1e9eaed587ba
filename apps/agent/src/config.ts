import { hostname } from 'node:os';
import { envPort, envUrl, loadConfigOrExit, secretString } from '@atrium/config';
import { z } from 'zod';

/** Every setting the agent reads. Secrets also accept a `NAME_FILE` path. */
export const agentConfigShape = {
  /** Port of the agent's API (control plane calls and desktop streams). */
  PORT: envPort(4100),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Where the control plane is reached; the agent always dials out, so it can live on another host. */
  CONTROL_PLANE_URL: envUrl(),
  AGENT_REGISTRATION_TOKEN: secretString(32),
  /** Unique name of this agent; a restarted agent with the same name keeps its identity. */
  AGENT_NAME: z.string().min(1).max(128).default(hostname()),
  /** Base URL at which the control plane reaches this agent. */
  AGENT_API_URL: envUrl().default('http://agent:4100'),
  DOCKER_SOCKET: z.string().default('/var/run/docker.sock'),
  /** Capacity offered to sessions; defaults to what the Docker host reports. */
  AGENT_CORES: z.coerce.number().positive().optional(),
  AGENT_MEMORY_MB: z.coerce.number().int().positive().optional(),
  /** Public half of the webapp's ES256 key: verifies call and connect tokens (it cannot make them). */
  TOKEN_VERIFY_KEY: z.string({ message: 'is required (or set TOKEN_VERIFY_KEY_FILE)' }).includes('PUBLIC KEY', { message: 'must be a PEM public key' }),
  /** Docker network the workspace containers join (with the agent, never with the database or webapp). */
  SESSIONS_NETWORK: z.string().min(1).default('atrium_sessions'),
  /** The public hostname and port: desktop WebSockets must come from that origin. */
  PUBLIC_HOSTNAME: z.string().min(1).default('localhost'),
  PUBLIC_PORT: envPort(443),
  /** How long a new workspace may take to answer the RFB banner before provisioning fails. */
  WORKSPACE_READY_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  /** Cap of the exponential backoff between registration attempts. */
  REGISTRATION_BACKOFF_MAX_MS: z.coerce.number().int().positive().default(30_000),
};

export type AgentConfig = ReturnType<typeof loadAgentConfig>;

export const loadAgentConfig = (env: Record<string, string | undefined> = process.env) => loadConfigOrExit('agent', agentConfigShape, env);
