import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** A setting that is missing or malformed; `message` is one line naming the variable. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`invalid setting ${variable}: ${reason}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/**
 * Resolves `NAME_FILE` variants: a secret may be given as a path to a file whose content is the value
 * (Docker and Kubernetes secrets). The direct variable wins when both are set.
 */
function withFileSecrets(keys: string[], env: Env): Env {
  const resolved: Env = { ...env };
  for (const key of keys) {
    const path = env[`${key}_FILE`];
    if (resolved[key] !== undefined || !path) continue;
    try {
      resolved[key] = readFileSync(path, 'utf8').trim();
    } catch (error) {
      throw new ConfigError(`${key}_FILE`, `cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  return resolved;
}

/** Reads and validates an app's settings once; throws a ConfigError naming the first bad variable. */
export function loadConfig<Shape extends z.ZodRawShape>(shape: Shape, env: Env = process.env): z.infer<z.ZodObject<Shape>> {
  const schema = z.object(shape);
  const result = schema.safeParse(withFileSecrets(Object.keys(shape), env));
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const variable = String(issue?.path[0] ?? 'unknown');
  const value = env[variable];
  const reason = value === undefined && issue?.code === 'invalid_type' ? 'is required' : (issue?.message ?? 'is invalid');
  throw new ConfigError(variable, reason);
}

/** The boot-time form: a bad setting prints one line to stderr and exits 1, before anything starts. */
export function loadConfigOrExit<Shape extends z.ZodRawShape>(service: string, shape: Shape, env: Env = process.env): z.infer<z.ZodObject<Shape>> {
  try {
    return loadConfig(shape, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${service}: ${error.message}\n`);
    process.exit(1);
  }
}
