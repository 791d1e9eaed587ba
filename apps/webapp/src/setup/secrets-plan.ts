import { generateKeyPairSync, randomBytes } from 'node:crypto';

/**
 * The roles that read secrets, with the uid each runs as (see deploy/compose.yaml). `migrate` is the one-shot
 * service that migrates the database as its owner and provisions the webapp's own, lesser role.
 */
export const ROLE_UIDS = { db: 999, webapp: 1001, agent: 1002, 'connection-proxy': 1003, 'kasm-proxy': 1004, migrate: 1005 } as const;
export type Role = keyof typeof ROLE_UIDS;

export interface SecretSpec {
  /** Makes the value(s): one string, or several related ones (a key pair). */
  generate: () => Record<string, string>;
  /** Who gets which part, at `<secrets dir>/<role>/<file>`. */
  readers: { role: Role; part: string; file: string }[];
}

const random = (bytes: number) => () => ({ value: randomBytes(bytes).toString('base64url') });

/** ES256 (P-256): the webapp signs tokens with the private key, agents verify with the public one only. */
const tokenKeyPair = () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', {
    namedCurve: 'P-256',
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return { privateKey, publicKey };
};

/** A secret whose one value each reader gets, at `<secrets dir>/<role>/<file>`. */
const sharedValue = (generate: SecretSpec['generate'], ...readers: [Role, string][]): SecretSpec => ({
  generate,
  readers: readers.map(([role, file]) => ({ role, part: 'value', file })),
});

/**
 * Every secret of an RA1 host. Each role's directory is readable by that role's uid only, so a role
 * holds exactly the secrets it needs (the agent cannot read the database password, and so on).
 */
export const SECRET_PLAN: Record<string, SecretSpec> = {
  // The database owner's password: PostgreSQL and the migration step, never the running webapp.
  'db-password': sharedValue(random(24), ['db', 'password'], ['migrate', 'db-owner-password']),
  // The webapp's own role (rows only, no schema changes), provisioned by the migration step.
  'db-app-password': sharedValue(random(24), ['migrate', 'db-app-password'], ['webapp', 'db-app-password']),
  'agent-registration-token': sharedValue(random(32), ['webapp', 'agent-registration-token'], ['agent', 'registration-token']),
  'token-signing-key': {
    generate: tokenKeyPair,
    readers: [
      { role: 'webapp', part: 'privateKey', file: 'token-signing-key.pem' },
      { role: 'agent', part: 'publicKey', file: 'token-verify-key.pem' },
    ],
  },
  // guacamole-lite's AES-256-CBC key must be exactly 32 characters.
  'connection-token-key': sharedValue(
    () => ({ value: randomBytes(16).toString('hex') }),
    ['webapp', 'connection-token-key'],
    ['connection-proxy', 'connection-token-key'],
  ),
  // HS256 key of the webapp's calls to the connection proxy (closing an ended session's connections).
  'connection-proxy-call-key': sharedValue(random(32), ['webapp', 'connection-proxy-call-key'], ['connection-proxy', 'call-key']),
  'credentials-key': sharedValue(random(32), ['webapp', 'credentials-key']),
};

/** Files of earlier versions that a role must no longer hold, removed at setup: [role, file]. */
export const RETIRED_SECRET_FILES: [Role, string][] = [['webapp', 'db-password']];
