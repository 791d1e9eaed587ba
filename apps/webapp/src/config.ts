import { envBoolean, envPort, envUrl, loadConfigOrExit, publicOrigin as originOf, secretString } from '@atrium/config';
import { z } from 'zod';

/** Every setting the webapp reads, with its default. Secrets also accept a `NAME_FILE` path. */
export const webappConfigShape = {
  /** Port of the public HTTP API (behind kasm_proxy's `/api/`). */
  PORT: envPort(3000),
  /** Port of the internal listener: agents and kasm_proxy's auth_request only, never proxied from outside. */
  INTERNAL_PORT: envPort(3001),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DB_HOST: z.string({ message: 'is required' }).min(1, 'is required'),
  DB_PORT: envPort(5432),
  DB_NAME: z.string().min(1).default('atrium'),
  DB_USER: z.string().min(1).default('atrium'),
  DB_PASSWORD: secretString(12),
  /**
   * Migrate the database at start. In the compose stack the one-shot `migrate` service does it as the
   * database owner, and the webapp runs as a role that cannot change the schema (false there).
   */
  MIGRATE_ON_START: envBoolean(true),
  /** The one public hostname; browser requests must come from https://PUBLIC_HOSTNAME[:PUBLIC_PORT]. */
  PUBLIC_HOSTNAME: z.string().min(1).default('localhost'),
  PUBLIC_PORT: envPort(443),
  /** The name of this deployment's one zone in the Developer API (`get_zones`): an RA1 host is one zone. */
  ZONE_NAME: z.string().trim().min(1).max(64).default('default'),
  /** Only a development server on plain http turns this off. */
  COOKIE_SECURE: envBoolean(true),
  /** Sign-in throttling (docs/security.md): failures per address, and per username and address, refuse with 429. */
  LOGIN_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).default(50),
  LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS: z.coerce.number().int().min(1).default(10),
  /** Failures of one username from anywhere after which each attempt is delayed (never refused). */
  LOGIN_ACCOUNT_SLOWDOWN_AFTER: z.coerce.number().int().min(1).default(20),
  LOGIN_ACCOUNT_MAX_DELAY_MS: z.coerce.number().int().min(0).max(10_000).default(2_000),
  LOGIN_WINDOW_SECONDS: z.coerce.number().int().min(10).max(86_400).default(300),
  /** How long a one-time login link (the Developer API's `kasm_url`) may be used, once. */
  LOGIN_TOKEN_TTL_SECONDS: z.coerce.number().int().min(10).max(3600).default(120),
  /** Lifetime of a browser login. */
  SESSION_TTL_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(12),
  /** Shared with agents out of band; they present it once to register. */
  AGENT_REGISTRATION_TOKEN: secretString(32),
  /** An agent without a heartbeat for this long is offline and gets no new sessions. */
  AGENT_STALE_AFTER_MS: z.coerce.number().int().positive().default(15_000),
  AGENT_HEARTBEAT_INTERVAL_MS: z.coerce.number().int().positive().default(5_000),
  /** ES256 private key (PEM) that signs agent call tokens and desktop connect tokens. */
  TOKEN_SIGNING_KEY: z.string({ message: 'is required (or set TOKEN_SIGNING_KEY_FILE)' }).includes('PRIVATE KEY', { message: 'must be a PEM private key' }),
  /** AES-256-GCM key (32 bytes, base64url) sealing remote-system credentials at rest. */
  CREDENTIALS_KEY: secretString(40),
  /** 32-character key shared with the connection proxy: seals remote connection tokens. */
  CONNECTION_TOKEN_KEY: secretString(32).refine((key) => Buffer.byteLength(key) === 32, 'must be exactly 32 bytes'),
  /** HS256 key of calls to the connection proxy (closing an ended session's streams). */
  CONNECTION_PROXY_CALL_KEY: secretString(32),
  /** How long a remote connection token may be used to open the connection. */
  CONNECTION_TOKEN_TTL_SECONDS: z.coerce.number().int().min(5).max(600).default(120),
  /**
   * The defaults of group policy (docs/operations.md, "Group policies"): what applies to a user whose groups
   * do not set it. Clipboard both ways (`allow_kasm_clipboard_up` / `_down`).
   */
  CLIPBOARD_ALLOWED: envBoolean(true),
  /** `keepalive_expiration`: a running session without a keepalive for this long ends. */
  KEEPALIVE_EXPIRATION_SECONDS: z.coerce
    .number()
    .int()
    .min(10)
    .max(30 * 86_400)
    .default(3600),
  /** `session_time_limit`: a session ends on its own after this long (the reaper destroys it). */
  SESSION_MAX_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(8),
  /** How often the staging pools are topped up (a claim also starts a round at once). */
  STAGING_INTERVAL_MS: z.coerce.number().int().positive().default(5_000),
  /** How often the reaper looks for sessions whose time is up. */
  REAPER_INTERVAL_MS: z.coerce.number().int().positive().default(30_000),
  /** `max_kasms_per_user`: how many live sessions one user may hold at once. */
  SESSIONS_PER_USER: z.coerce.number().int().min(1).max(100).default(3),
  CONNECTION_PROXY_URL: envUrl().default('http://connection_proxy:4000'),
  /** Where the first start writes the generated admin password (read it once, then delete it). */
  INITIAL_ADMIN_PASSWORD_PATH: z.string().default('/var/lib/atrium/initial-admin-password'),
};

export type WebappConfig = ReturnType<typeof loadWebappConfig>;

export const loadWebappConfig = (env: Record<string, string | undefined> = process.env) => loadConfigOrExit('webapp', webappConfigShape, env);

/** The browser origin every state-changing request and WebSocket must carry. */
export const publicOrigin = (config: Pick<WebappConfig, 'PUBLIC_HOSTNAME' | 'PUBLIC_PORT'>) => originOf(config.PUBLIC_HOSTNAME, config.PUBLIC_PORT);

/** The one-shot migration step (`migrate.main.ts`): the database owner, and the webapp's role to provision. */
export const migrateConfigShape = {
  LOG_LEVEL: webappConfigShape.LOG_LEVEL,
  DB_HOST: webappConfigShape.DB_HOST,
  DB_PORT: webappConfigShape.DB_PORT,
  DB_NAME: webappConfigShape.DB_NAME,
  /** The owner of the schema: only this step holds its password. */
  DB_USER: webappConfigShape.DB_USER,
  DB_PASSWORD: webappConfigShape.DB_PASSWORD,
  /** The role the webapp runs as, created or updated after the migrations. */
  APP_DB_USER: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lowercase PostgreSQL role name')
    .default('atrium_app'),
  APP_DB_PASSWORD: secretString(12),
};

export const loadMigrateConfig = (env: Record<string, string | undefined> = process.env) => loadConfigOrExit('migrate', migrateConfigShape, env);
