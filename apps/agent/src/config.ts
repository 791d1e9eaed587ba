import { hostname } from 'node:os';
import { envPort, envUrl, loadConfigOrExit, secretString } from '@atrium/config';
import { agentStreamSocketSchema } from '@atrium/contracts';
import { z } from 'zod';
import type { BridgeLimits } from './desktop/desktop-bridge';
import type { SessionContainersOptions } from './sessions/session-containers';

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
  /**
   * A Unix socket (in a volume kasm_proxy mounts at the same path) where the agent also takes desktop streams, so
   * a kasm_proxy on the same host relays them without the container network. Unset: streams come over PORT.
   */
  AGENT_STREAM_SOCKET: agentStreamSocketSchema.optional(),
  DOCKER_SOCKET: z.string().default('/var/run/docker.sock'),
  /** Capacity offered to sessions; defaults to what the Docker host reports. */
  AGENT_CORES: z.coerce.number().positive().optional(),
  AGENT_MEMORY_MB: z.coerce.number().int().positive().optional(),
  /** Cores the control plane may promise per real core: workspaces get CPU shares, not reserved cores. */
  AGENT_CPU_OVERCOMMIT: z.coerce.number().min(1).max(64).default(4),
  /** Memory never promised to sessions: the host's and the roles' own. */
  AGENT_MEMORY_RESERVE_MB: z.coerce.number().int().min(0).default(1024),
  /** Public half of the webapp's ES256 key: verifies call and connect tokens (it cannot make them). */
  TOKEN_VERIFY_KEY: z.string({ message: 'is required (or set TOKEN_VERIFY_KEY_FILE)' }).includes('PUBLIC KEY', { message: 'must be a PEM public key' }),
  /**
   * Host directory of the sessions' VNC sockets, mounted at the same path in this container: one
   * subdirectory per session, shared with that workspace only (the agent joins no workspace network).
   */
  SESSIONS_DIR: z
    .string()
    .regex(/^\/[A-Za-z0-9._/-]+$/, 'must be an absolute path')
    .default('/var/lib/atrium/sessions'),
  /** Host directory of users' kept homes (persistent profiles), mounted at the same path in this container. */
  PROFILES_DIR: z
    .string()
    .regex(/^\/[A-Za-z0-9._/-]+$/, 'must be an absolute path')
    .default('/var/lib/atrium/profiles'),
  /** Group shared by this agent and the workspace user, owning each session's socket directory. */
  SESSION_SOCKET_GID: z.coerce.number().int().min(1).max(65_534).default(1100),
  /** Network of workspaces whose egress is `internet`: created by the agent, containers on it cannot reach each other. */
  WORKSPACE_EGRESS_NETWORK: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/)
    .default('atrium_egress'),
  /** Its bridge interface on the host (at most 15 characters), which the host firewall refuses the host and private ranges from. */
  WORKSPACE_EGRESS_BRIDGE: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,15}$/, 'must be an interface name of at most 15 characters')
    .default('atrium-egress'),
  /** Writable space of a workspace (its root file system is read-only): the home folder and /tmp, in memory. */
  WORKSPACE_HOME_SIZE_MB: z.coerce.number().int().min(16).max(65_536).default(512),
  WORKSPACE_TMP_SIZE_MB: z.coerce.number().int().min(16).max(65_536).default(256),
  /** The largest file moved either way between a browser and a workspace (MiB). */
  FILES_MAX_FILE_MB: z.coerce.number().int().min(1).max(65_536).default(1024),
  /** What one session may move in and out in total, uploads and downloads together (MiB). */
  FILES_SESSION_TOTAL_MB: z.coerce.number().int().min(1).max(1_048_576).default(8192),
  /** Processes a workspace may run, and its log (Docker json-file, rotated). */
  WORKSPACE_PIDS_LIMIT: z.coerce.number().int().min(32).max(65_536).default(512),
  WORKSPACE_LOG_MAX_SIZE: z
    .string()
    .regex(/^\d+[kmg]$/, 'must be a size like 1m')
    .default('1m'),
  /** Clipboard text over this size is dropped as it streams, in either direction. */
  DESKTOP_MAX_CUT_TEXT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .default(1024 * 1024),
  /** Both RFB handshakes of a desktop connection must be done within this long. */
  DESKTOP_HANDSHAKE_TIMEOUT_MS: z.coerce.number().int().min(1000).max(120_000).default(10_000),
  /** Buffer of each direction of a desktop stream; above it, backpressure stops reading. */
  DESKTOP_BUFFER_BYTES: z.coerce
    .number()
    .int()
    .min(16 * 1024)
    .max(16 * 1024 * 1024)
    .default(256 * 1024),
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

/** How workspace containers are made and reached, from the settings. */
export const sessionContainersOptions = (config: AgentConfig): SessionContainersOptions => ({
  agentName: config.AGENT_NAME,
  sessionsDir: config.SESSIONS_DIR,
  profilesDir: config.PROFILES_DIR,
  passwordSecret: config.AGENT_REGISTRATION_TOKEN,
  readyTimeoutMs: config.WORKSPACE_READY_TIMEOUT_MS,
  limits: {
    socketGid: config.SESSION_SOCKET_GID,
    egressNetwork: config.WORKSPACE_EGRESS_NETWORK,
    homeSizeMb: config.WORKSPACE_HOME_SIZE_MB,
    tmpSizeMb: config.WORKSPACE_TMP_SIZE_MB,
    pidsLimit: config.WORKSPACE_PIDS_LIMIT,
    logMaxSize: config.WORKSPACE_LOG_MAX_SIZE,
  },
});

/** The desktop bridge's bounds: a browser's WebSocket message may carry the largest clipboard text allowed. */
export const bridgeLimits = (config: AgentConfig): BridgeLimits => ({
  maxCutTextBytes: config.DESKTOP_MAX_CUT_TEXT_BYTES,
  maxMessageBytes: config.DESKTOP_MAX_CUT_TEXT_BYTES + 64 * 1024,
  handshakeTimeoutMs: config.DESKTOP_HANDSHAKE_TIMEOUT_MS,
  bufferBytes: config.DESKTOP_BUFFER_BYTES,
});
