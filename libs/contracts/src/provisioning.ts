import { z } from 'zod';
import { browserSettingsSchema, isReservedWorkspaceEnv, runConfigSchema } from './workspace-settings';

/** `WIDTHxHEIGHT` of a workspace's screen. */
export const resolutionSchema = z.string().regex(/^\d{3,4}x\d{3,4}$/, 'must be WIDTHxHEIGHT, e.g. 1280x720');

/**
 * Where a workspace's traffic may go: `none` (no network at all), `internet` (a bridge of its own kind,
 * where workspaces cannot reach each other, and the host, the roles, private ranges and cloud metadata are
 * refused by the host firewall), or `network` (a Docker network the administrator names, such as an intranet's:
 * what it reaches is that network's business, not Atrium's firewall's).
 */
export const workspaceEgressSchema = z.enum(['none', 'internet', 'network']);
export type WorkspaceEgress = z.infer<typeof workspaceEgressSchema>;

/** Extra environment of a workspace (the Developer API's `environment`): bounded, no reserved names. */
export const workspaceEnvironmentSchema = z
  .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'must be an environment variable name'), z.string().max(4096))
  .refine((env) => Object.keys(env).length <= 32, 'at most 32 variables')
  .refine(
    (env) => !Object.keys(env).some(isReservedWorkspaceEnv),
    'VNC_*, BROWSER_*, GEOMETRY, DISPLAY, SESSION_KIND, WINDOW_MANAGER and PANEL are Atrium’s own',
  )
  .default({});

/** webapp → agent `POST /v1/sessions`: start this workspace for this session. */
export const provisionRequestSchema = z.object({
  sessionId: z.string().uuid(),
  ownerId: z.string().uuid(),
  workspace: z.object({
    id: z.string().uuid(),
    name: z.string(),
    image: z.string().min(1),
    cores: z.number().positive(),
    memoryMb: z.number().int().positive(),
    resolution: resolutionSchema,
    egress: workspaceEgressSchema,
    egressNetwork: z.string().nullable().default(null),
    cpuHardLimit: z.boolean().default(false),
    launchCommand: z.array(z.string()).nullable().default(null),
    runConfig: runConfigSchema.default({}),
    browser: browserSettingsSchema.prefault({}),
    userNamespaces: z.boolean().default(false),
    /** The owner's home is kept between sessions of this workspace, and at most this size (MiB). */
    persistentProfile: z.boolean().default(false),
    profileSizeMb: z.number().int().positive().default(512),
  }),
  environment: workspaceEnvironmentSchema,
});
export type ProvisionRequest = z.infer<typeof provisionRequestSchema>;

/** The agent's answer to removing a session: the kept home it saved on the way, if the workspace keeps one. */
export const destroyResponseSchema = z.object({ profileBytes: z.number().int().nonnegative().nullable() });
export type DestroyResponse = z.infer<typeof destroyResponseSchema>;

/** Answer of the agent's and the connection proxy's close-streams calls. */
export const closedStreamsSchema = z.object({ closed: z.number().int().nonnegative() });

export const provisionResponseSchema = z.object({
  containerId: z.string(),
  /** Milliseconds from the create call until the workspace answered the RFB banner. */
  readyAfterMs: z.number().nonnegative(),
});
export type ProvisionResponse = z.infer<typeof provisionResponseSchema>;

/** Header nginx sets (from the webapp's auth_request answer) when it passes a desktop stream to an agent. */
export const CONNECT_TOKEN_HEADER = 'x-atrium-connect-token';
/** Headers of the webapp's auth_request answer, read by kasm_proxy. */
export const AUTH_UPSTREAM_HEADER = 'x-atrium-agent-upstream';

export const desktopPermissionSchema = z.enum(['full', 'view']);
export type DesktopPermission = z.infer<typeof desktopPermissionSchema>;

/** Claims of the seconds-lived token that lets one WebSocket reach one session's desktop on one agent. */
export const connectTokenClaimsSchema = z.object({
  typ: z.literal('connect'),
  /** The session. */
  sid: z.string().uuid(),
  perm: desktopPermissionSchema,
  /** Which way clipboard text may cross: up (browser to desktop) and down (desktop to browser). */
  clip: z.object({ up: z.boolean(), down: z.boolean() }),
  /** The session's owner (whoever watches): the agent derives the VNC password the owner's claim set. */
  own: z.string().uuid(),
  /** The browser sign-in this stream belongs to: signing out closes it. */
  asid: z.string().uuid(),
  /** Set when a viewer joined through a share: revoking the share closes exactly these streams. */
  shr: z.string().optional(),
  /** Sound: whether this viewer hears the session, and may send its microphone into it. */
  snd: z.object({ out: z.boolean(), mic: z.boolean() }).default({ out: false, mic: false }),
});
export type ConnectTokenClaims = z.infer<typeof connectTokenClaimsSchema>;

/** Claims of the token on each webapp → agent call: one action, for one agent, for seconds. */
export const agentCallClaimsSchema = z.object({
  typ: z.literal('agent-call'),
  act: z.enum(['provision', 'claim', 'destroy', 'close-streams', 'pause', 'resume', 'stop', 'start', 'exec', 'profile-reset', 'metrics']),
  /** The session; for profile-reset, the user whose kept homes go; for metrics, the agent itself. */
  sid: z.string().uuid(),
  /** profile-reset: only the kept home of this workspace (absent: every one of the user's). */
  wsp: z.string().uuid().optional(),
  /** close-streams: only the streams this browser sign-in opened (absent: all of the session's). */
  asid: z.string().uuid().optional(),
  /** close-streams: only the streams opened through this share. */
  shr: z.string().optional(),
});

/**
 * `POST /v1/sessions/:sid/claim`: a staged container becomes this user's session. The agent rotates its VNC
 * password to one bound to the owner, so nothing set while it waited in the pool opens it afterwards.
 */
export const claimSessionSchema = z.object({ ownerId: z.string().uuid() }).strict();
export type ClaimSession = z.infer<typeof claimSessionSchema>;

/** What the control plane may ask of a session's container besides creating and removing it. */
export const containerActionSchema = z.enum(['pause', 'resume', 'stop', 'start']);
export type ContainerAction = z.infer<typeof containerActionSchema>;
export type AgentCallClaims = z.infer<typeof agentCallClaimsSchema>;

/** Issuer and audience of tokens the webapp signs for agents. */
export const TOKEN_ISSUER = 'atrium-webapp';
export const agentAudience = (agentId: string) => `atrium-agent:${agentId}`;

/** webapp → agent `POST /v1/sessions/<id>/exec`: run a command in the workspace, as its user (never root). */
export const execRequestSchema = z.object({
  cmd: z.string().min(1).max(8192),
  environment: workspaceEnvironmentSchema,
  workdir: z.string().max(1024).optional(),
});
export type ExecRequest = z.infer<typeof execRequestSchema>;

/** What the command did: its exit code (null when it was still running at the time limit), and its output, capped. */
export const execResultSchema = z.object({
  exitCode: z.number().int().nullable(),
  stdout: z.string(),
  stderr: z.string(),
  timedOut: z.boolean(),
  truncated: z.boolean(),
});
export type ExecResult = z.infer<typeof execResultSchema>;
