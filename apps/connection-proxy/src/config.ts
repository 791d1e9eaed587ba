import { envPort, envUrl, loadConfigOrExit, secretString } from '@atrium/config';
import { z } from 'zod';

/** Every setting the connection proxy reads. */
export const connectionProxyConfigShape = {
  /** Port of the WebSocket endpoint and the health route. */
  PORT: envPort(4000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  GUACD_HOST: z.string().min(1).default('guacd'),
  GUACD_PORT: envPort(4822),
  /** 32-character key shared with the webapp: opens connection tokens (and keys guacamole-lite's inner tokens). */
  CONNECTION_TOKEN_KEY: secretString(32).refine((key) => Buffer.byteLength(key) === 32, 'must be exactly 32 bytes'),
  /** HS256 key shared with the webapp: its calls here (closing streams), and this proxy's reports to it. */
  CALL_KEY: secretString(32),
  /** The webapp's internal listener, told when a remote system ends a session's connection. */
  CONTROL_PLANE_URL: envUrl().default('http://webapp:3001'),
  /** Largest file either way, and what one session may move in total (SFTP and the RDP drive; as the agent's). */
  FILES_MAX_FILE_MB: z.coerce.number().int().min(1).default(1024),
  FILES_SESSION_TOTAL_MB: z.coerce.number().int().min(1).default(8192),
  /** The volume shared with guacd that holds each RDP session's drive folder. */
  DRIVES_DIR: z.string().startsWith('/').default('/drives'),
  /** The public hostname and port: WebSockets must come from that origin. */
  PUBLIC_HOSTNAME: z.string().min(1).default('localhost'),
  PUBLIC_PORT: envPort(443),
};

export type ConnectionProxyConfig = ReturnType<typeof loadConnectionProxyConfig>;

export const loadConnectionProxyConfig = (env: Record<string, string | undefined> = process.env) =>
  loadConfigOrExit('connection-proxy', connectionProxyConfigShape, env);
