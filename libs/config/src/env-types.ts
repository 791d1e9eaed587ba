import { z } from 'zod';

/** A TCP port given as a string in the environment. */
export const envPort = (fallback?: number) => {
  const port = z.coerce.number().int().min(1, 'must be a port number (1-65535)').max(65535, 'must be a port number (1-65535)');
  return fallback === undefined ? port : port.default(fallback);
};

/** `true`/`false`/`1`/`0`/`yes`/`no`. */
export const envBoolean = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
    .default(fallback ? 'true' : 'false')
    .transform((value) => ['true', '1', 'yes'].includes(value));

/** An absolute http(s) or postgres URL. */
export const envUrl = () => z.string({ message: 'is required' }).url('must be a URL');

/** A secret with a minimum length; the reason never echoes the value. */
export const secretString = (minLength = 16) =>
  z.string({ message: 'is required (or set the _FILE variant)' }).min(minLength, `must be at least ${minLength} characters`);
