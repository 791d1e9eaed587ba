import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * Field names that may carry a secret anywhere in a log object. Redaction is by path, so common
 * nestings (a request's headers, a body, an error's config) are listed explicitly.
 */
const SECRET_KEYS = [
  'password',
  'newPassword',
  'secret',
  'token',
  'connectToken',
  'registrationToken',
  'apiSecret',
  'authorization',
  'cookie',
  'set-cookie',
  'vncPassword',
  'credentials',
  'privateKey',
];
export const REDACTED_PATHS = SECRET_KEYS.flatMap((key) => [
  /^\w+$/.test(key) ? key : `["${key}"]`,
  `*["${key}"]`,
  `req.headers["${key}"]`,
  `res.headers["${key}"]`,
  `*.*["${key}"]`,
]);

/**
 * Errors as pino serialises them, without the fields in which PostgreSQL and knex quote the values of a
 * query (a unique violation's `detail` names the duplicate value, which may be personal or secret).
 */
function errorWithoutValues(error: Error): Record<string, unknown> {
  const serialized = pino.stdSerializers.err(error) as unknown as Record<string, unknown>;
  for (const field of ['detail', 'where', 'parameters', 'bindings', 'internalQuery', 'hint']) delete serialized[field];
  return serialized;
}

/** One JSON line per event on stdout, stamped with the role's name; secrets replaced by "[redacted]". */
export function createLogger(service: string, options: { level?: string; destination?: DestinationStream } = {}): Logger {
  return pino(
    {
      base: { service },
      level: options.level ?? process.env['LOG_LEVEL'] ?? 'info',
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: { err: errorWithoutValues },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination,
  );
}
