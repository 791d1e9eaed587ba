// The manifest of a backup archive: what made it (Atrium's version and commit, the database schema's last
// migration) and each member's size and SHA-256, so a restore can refuse a damaged archive or one from a newer
// Atrium before it touches anything. Usage:
//   node backup-manifest.mjs write DIR SCHEMA PROJECT   writes DIR/manifest.json (exit 3: a schema this code does not know)
//   node backup-manifest.mjs check DIR                  exit 0 (and one line saying what it is), 2 damaged, 3 too new
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
const FORMAT = 1;
const MEMBERS = ['database.dump', 'secrets.tar', 'certs.tar', 'webapp-data.tar', 'profiles.tar'];

const sha256 = (path) =>
  new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', reject);
  });

/** The migrations this code knows, in order (libs/db/src/migrations/index.ts is their one list). */
function knownMigrations() {
  const index = readFileSync(join(ROOT, 'libs', 'db', 'src', 'migrations', 'index.ts'), 'utf8');
  return [...index.matchAll(/^\s*'(\d{8}[A-Z]-[a-z0-9-]+)':/gm)].map((match) => match[1]);
}

function commit() {
  try {
    return execFileSync('git', ['-C', ROOT, 'rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

async function write(dir, schema, project) {
  // The manifest names this code's version: a host running another version is backed up by its own checkout.
  const known = knownMigrations();
  if (!known.includes(schema)) {
    refuse(3, `the host's database schema ${schema} is newer than this code knows (${known.at(-1)}): back it up from the checkout of the version it runs`);
  }
  const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
  const files = {};
  for (const name of MEMBERS) files[name] = { bytes: statSync(join(dir, name)).size, sha256: await sha256(join(dir, name)) };
  const manifest = { format: FORMAT, atrium: { version, commit: commit() }, schema, project, createdAt: new Date().toISOString(), files };
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

function refuse(code, sentence) {
  console.error(`[atrium] error: ${sentence}`);
  process.exit(code);
}

async function check(dir) {
  const path = join(dir, 'manifest.json');
  if (!existsSync(path)) refuse(2, 'the archive is damaged or not an Atrium backup: it has no manifest.json');
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    refuse(2, 'the archive is damaged: its manifest.json is not JSON');
  }
  if (manifest.format !== FORMAT) refuse(3, `the archive's format ${manifest.format} is not one this Atrium reads (${FORMAT})`);
  for (const name of MEMBERS) {
    const expected = manifest.files?.[name];
    const member = join(dir, name);
    if (!expected || !existsSync(member)) refuse(2, `the archive is damaged: ${name} is missing`);
    if (statSync(member).size !== expected.bytes || (await sha256(member)) !== expected.sha256) {
      refuse(2, `the archive is damaged: ${name} does not match its checksum`);
    }
  }
  const known = knownMigrations();
  if (!known.includes(manifest.schema)) {
    refuse(
      3,
      `the archive was made by a newer Atrium (${manifest.atrium?.version}, ${manifest.atrium?.commit?.slice(0, 12)}; database schema ${manifest.schema}), ` +
        `which this code (schema ${known.at(-1)}) cannot run: restore with that version or a later one`,
    );
  }
  console.log(
    `Atrium ${manifest.atrium.version} (${manifest.atrium.commit.slice(0, 12)}), schema ${manifest.schema}, project ${manifest.project}, made ${manifest.createdAt}`,
  );
}

const [command, dir, ...rest] = process.argv.slice(2);
if (command === 'write' && dir && rest.length === 2) await write(dir, rest[0], rest[1]);
else if (command === 'check' && dir) await check(dir);
else refuse(64, 'usage: backup-manifest.mjs write DIR SCHEMA PROJECT | check DIR');
