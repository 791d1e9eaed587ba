import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RETIRED_SECRET_FILES, ROLE_UIDS, SECRET_PLAN, type Role } from './secrets-plan';

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
 * Generates each secret that does not exist yet and hands its parts to the roles that read it. A reader added
 * since (an upgrade) gets a copy of the same part from a reader that has it; files a role no longer holds are
 * removed. Idempotent: an existing secret is never regenerated, so a second start changes nothing.
 */
export function writeSecrets(dir: string, options: WriteOptions): SecretsResult {
  const result: SecretsResult = { created: [], kept: [] };
  for (const [name, spec] of Object.entries(SECRET_PLAN)) {
    const readers = spec.readers.map((reader) => ({ ...reader, path: join(ensureRoleDir(dir, reader.role, options), reader.file) }));
    const present = readers.filter((reader) => existsSync(reader.path));
    if (present.length === 0) {
      const parts = spec.generate();
      for (const reader of readers) writeOwned(reader.path, `${parts[reader.part]}\n`, reader.role, options);
      result.created.push(name);
      continue;
    }
    for (const reader of readers.filter((candidate) => !present.includes(candidate))) {
      const source = present.find((holder) => holder.part === reader.part);
      // A part nobody holds cannot be rebuilt from the others (an interrupted first start).
      if (!source) throw new Error(`secret ${name} is incomplete in ${dir}; remove its files to regenerate it`);
      writeOwned(reader.path, readFileSync(source.path, 'utf8'), reader.role, options);
    }
    result.kept.push(name);
  }
  for (const [role, file] of RETIRED_SECRET_FILES) rmSync(join(dir, role, file), { force: true });
  return result;
}

export const readSecretFile = (dir: string, role: Role, file: string) => readFileSync(join(dir, role, file), 'utf8').trim();
