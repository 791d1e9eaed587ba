#!/usr/bin/env node
// Breaks each authorization check in turn and runs the fast tiers against it: every check must be caught.
// A developer's tool, not a CI step (each mutation runs a jest tier; the whole list takes some minutes).
//
//   node tools/mutation/authz-mutations.mjs            each mutation against the test files it names (quick)
//   node tools/mutation/authz-mutations.mjs --all      each mutation against the whole unit and integration tiers
//   node tools/mutation/authz-mutations.mjs share-owner find-own-session   only these
//
// A mutation deletes the one line of its file that holds `line` (a check that throws); the file is always restored,
// also on Ctrl+C. Integration tests need Docker (testcontainers PostgreSQL), as `npm run test:int` does.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const INT = 'jest.int.config.cjs';
const UNIT = 'jest.unit.config.cjs';

/** Each check: where it is, the line that makes it, and the tests that must catch its absence. */
const MUTATIONS = [
  {
    id: 'share-owner',
    file: 'apps/webapp/src/sharing/share-session.use-case.ts',
    line: 'Only the owner of a session may share it',
    tests: [[INT, 'governed-sessions']],
  },
  {
    id: 'share-policy',
    file: 'apps/webapp/src/sharing/share-session.use-case.ts',
    line: 'does not allow sharing sessions',
    tests: [[INT, 'governed-sessions']],
  },
  {
    id: 'find-own-session',
    file: 'apps/webapp/src/sessions/find-own-session.ts',
    line: 'This session belongs to someone else',
    tests: [[INT, 'sessions.int|governed-sessions']],
  },
  {
    id: 'desktop-stream-owner',
    file: 'apps/webapp/src/sessions/authorize-desktop.use-case.ts',
    line: "createError(403, 'not_session_owner'",
    tests: [[INT, 'sessions.int|governed-sessions']],
  },
  {
    id: 'desktop-stream-running',
    file: 'apps/webapp/src/sessions/authorize-desktop.use-case.ts',
    line: "if (session.state !== 'running' || !session.agentId)",
    tests: [[INT, 'sessions.int|governed-sessions']],
  },
  {
    id: 'desktop-stream-origin',
    file: 'apps/webapp/src/sessions/desktop-authorization.routes.ts',
    line: 'WebSocket origin is not allowed',
    tests: [[INT, 'stream-authorization']],
  },
  {
    id: 'remote-stream-owner',
    file: 'apps/webapp/src/sessions/remote-authorization.routes.ts',
    line: "if (session.userId !== auth.user.id) throw createError(403, 'not_session_owner'",
    tests: [[INT, 'stream-authorization']],
  },
  {
    id: 'remote-stream-origin',
    file: 'apps/webapp/src/sessions/remote-authorization.routes.ts',
    line: 'WebSocket origin is not allowed',
    tests: [[INT, 'stream-authorization']],
  },
  {
    id: 'require-admin',
    file: 'apps/webapp/src/auth/authenticate.middleware.ts',
    line: "'Administrators only.'",
    tests: [[INT, 'portal-admin|catalogue|profiles']],
  },
  { id: 'same-origin', file: 'apps/webapp/src/auth/same-origin.middleware.ts', line: "'Request origin is not allowed.'", tests: [[INT, 'auth.int']] },
  {
    id: 'end-policy',
    file: 'apps/webapp/src/sessions/destroy-session.use-case.ts',
    line: 'does not allow you to end sessions',
    tests: [[INT, 'governed-sessions']],
  },
  {
    id: 'lifecycle-policy',
    file: 'apps/webapp/src/sessions/change-session-state.use-case.ts',
    line: "throw createError(403, 'not_allowed_by_policy'",
    tests: [[INT, 'governed-sessions']],
  },
  { id: 'api-key-scope', file: 'apps/webapp/src/api-keys/authenticate-api-key.ts', line: "'missing_scope'", tests: [[INT, 'public-api']] },
  { id: 'api-key-admin-protected', file: 'apps/webapp/src/users/manage-user.ts', line: "'admin_protected'", tests: [[INT, 'public-api|portal-admin']] },
  { id: 'exec-as-user-only', file: 'apps/webapp/src/public-api/session-verbs.ts', line: "'exec_not_allowed'", tests: [[INT, 'public-api']] },
  { id: 'profile-one-session', file: 'apps/webapp/src/sessions/open-session.ts', line: "'profile_in_use'", tests: [[INT, 'profiles']] },
  {
    id: 'profile-reset-in-use',
    file: 'apps/webapp/src/profiles/reset-profile.use-case.ts',
    line: "throw createError(409, 'profile_in_use'",
    tests: [[INT, 'profiles']],
  },
  {
    id: 'agent-call-token-action',
    file: 'apps/agent/src/sessions/sessions.routes.ts',
    line: 'if (claims.act !== action || claims.sid !== sessionId)',
    tests: [[UNIT, 'sessions.routes']],
  },
  {
    id: 'agent-profile-token-workspace',
    file: 'apps/agent/src/sessions/sessions.routes.ts',
    line: 'token is for another profile',
    tests: [[UNIT, 'sessions.routes']],
  },
  {
    id: 'files-owner',
    file: 'apps/webapp/src/sessions/authorize-files.use-case.ts',
    line: "if (session.userId !== auth.user.id) throw createError(403, 'files_owner_only'",
    tests: [[INT, 'files-authorization']],
  },
  {
    id: 'files-policy',
    file: 'apps/webapp/src/sessions/authorize-files.use-case.ts',
    line: 'throw createError(403, REFUSED_BY_POLICY[direction].code',
    tests: [[INT, 'files-authorization']],
  },
  {
    id: 'files-agent-direction',
    file: 'apps/agent/src/files/files.routes.ts',
    line: "if (!(direction === 'upload' ? claims.up : claims.down)) throw createError(403",
    tests: [[UNIT, 'files.routes']],
  },
  {
    id: 'files-agent-session',
    file: 'apps/agent/src/files/files.routes.ts',
    line: "if (claims.sid !== sessionId) throw new Error('token is for another session')",
    tests: [[UNIT, 'files.routes']],
  },
  {
    id: 'audio-policy',
    file: 'apps/webapp/src/sessions/authorize-desktop.use-case.ts',
    line: "if (stream === 'audio' && !rights.snd.out) throw createError(403, 'audio_disabled'",
    tests: [[INT, 'stream-authorization']],
  },
];

const quick = !process.argv.includes('--all');
const only = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const chosen = only.length ? MUTATIONS.filter((mutation) => only.includes(mutation.id)) : MUTATIONS;

function runJest(config, pattern) {
  const args = ['jest', '-c', config, '--silent', '--bail'];
  if (pattern) args.push(pattern);
  const result = spawnSync('npx', args, { cwd: root, env: { ...process.env, TESTCONTAINERS_RYUK_DISABLED: 'true' }, encoding: 'utf8' });
  return result.status === 0;
}

let restore;
process.on('SIGINT', () => {
  restore?.();
  process.exit(130);
});

const results = [];
for (const mutation of chosen) {
  const path = join(root, mutation.file);
  const original = readFileSync(path, 'utf8');
  const lines = original.split('\n');
  const hits = lines.map((text, index) => (text.includes(mutation.line) ? index : -1)).filter((index) => index >= 0);
  if (hits.length !== 1) {
    results.push({ id: mutation.id, verdict: `NOT APPLIED: the line is found ${hits.length} times in ${mutation.file}` });
    continue;
  }
  restore = () => writeFileSync(path, original);
  try {
    writeFileSync(path, lines.filter((_, index) => index !== hits[0]).join('\n'));
    const tiers = quick ? mutation.tests : [[UNIT], [INT]];
    const caughtBy = tiers.find(([config, pattern]) => !runJest(config, pattern));
    results.push({
      id: mutation.id,
      verdict: caughtBy ? `caught by ${caughtBy[0].replace(/^jest\.|\.config\.cjs$/g, '')}${caughtBy[1] ? ` (${caughtBy[1]})` : ''}` : 'NOT CAUGHT',
    });
  } finally {
    restore();
    restore = undefined;
  }
  console.log(`${mutation.id.padEnd(26)} ${results.at(-1).verdict}`);
}

const missed = results.filter((result) => !result.verdict.startsWith('caught'));
console.log(
  `\n${results.length - missed.length} of ${results.length} authorization checks caught${missed.length ? `; not caught: ${missed.map((result) => result.id).join(', ')}` : ''}`,
);
process.exit(missed.length ? 1 : 0);
