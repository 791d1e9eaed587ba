import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROLE_UIDS, SECRET_PLAN, type Role } from './secrets-plan';

export interface SecretsResult {
  created: string[];
  kept: string[];
}

export interface WriteOptions {
  /** chown to each role's uid; off when run unprivileged (tests, development). */
  chown: boolean;
}

function writeOwned(path: string, content: string, role: Role, options: WriteOptions): void {
  writeFileSync(path, content, { mode: 0o400 });
  chmodSync(path, 0o400);
  if (options.chown) chownSync(path, ROLE_UIDS[role], ROLE_UIDS[role]);
}

function ensureRoleDir(dir: string, role: Role, options: WriteOptions): string {
  const path = join(dir, role);
  mkdirSync(path, { recursive: true, mode: 0o700 });
  chmodSync(path, 0o700);
  if (options.chown) chownSync(path, ROLE_UIDS[role], ROLE_UIDS[role]);
  return path;
}

/**
 * Generates each secret that does not exist yet and hands its parts to the roles that read it.
 * Idempotent: an existing secret is never regenerated, so a second start changes nothing.
 */
export function writeSecrets(dir: string, options: WriteOptions): SecretsResult {
  const result: SecretsResult = { created: [], kept: [] };
  for (const [name, spec] of Object.entries(SECRET_PLAN)) {
    const paths = spec.readers.map((reader) => join(ensureRoleDir(dir, reader.role, options), reader.file));
    if (paths.every((path) => existsSync(path))) {
      result.kept.push(name);
      continue;
    }
    if (paths.some((path) => existsSync(path))) {
      // A half-written secret (interrupted first start): the existing part cannot be matched, start over.
      throw new Error(`secret ${name} is incomplete in ${dir}; remove its files to regenerate it`);
    }
    const parts = spec.generate();
    spec.readers.forEach((reader, index) => writeOwned(paths[index] as string, `${parts[reader.part]}\n`, reader.role, options));
    result.created.push(name);
  }
  return result;
}

export const readSecretFile = (dir: string, role: Role, file: string) => readFileSync(join(dir, role, file), 'utf8').trim();
