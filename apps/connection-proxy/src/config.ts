import { envPort, loadConfigOrExit } from '@atrium/config';
import { z } from 'zod';

/** Every setting the connection proxy reads. */
export const connectionProxyConfigShape = {
  /** Port of the WebSocket endpoint and the health route. */
  PORT: envPort(4000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  GUACD_HOST: z.string().min(1).default('guacd'),
  GUACD_PORT: envPort(4822),
};

export type ConnectionProxyConfig = ReturnType<typeof loadConnectionProxyConfig>;

export const loadConnectionProxyConfig = (env: Record<string, string | undefined> = process.env) =>
  loadConfigOrExit('connection-proxy', connectionProxyConfigShape, env);
