import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** The e2e stack lives beside a developer's own `npm run up` stack: its own project name and ports. */
export const E2E_PROJECT = process.env['ATRIUM_E2E_PROJECT'] ?? 'atrium-e2e';
export const E2E_HTTPS_PORT = 18443;
export const E2E_HTTP_PORT = 18080;
export const E2E_HOSTNAME = 'localhost';
export const E2E_EGRESS_BRIDGE = 'atrium-e2e-eg';
export const COMPOSE_DIR = join(__dirname, '..', '..', '..', '..', 'deploy');

export function stackEnvironment(): Record<string, string> {
  const dockerGid = execFileSync('stat', ['-c', '%g', '/var/run/docker.sock'], { encoding: 'utf8' }).trim();
  return {
    ATRIUM_HOSTNAME: E2E_HOSTNAME,
    ATRIUM_HTTPS_PORT: String(E2E_HTTPS_PORT),
    ATRIUM_HTTP_PORT: String(E2E_HTTP_PORT),
    ATRIUM_BIND_ADDRESS: '127.0.0.1',
    ATRIUM_AGENT_NAME: 'e2e-agent',
    // Short enough that "agent stopped" turns the health red within a test's patience.
    ATRIUM_AGENT_STALE_AFTER_MS: '6000',
    // Its own sessions directory and egress bridge, beside a developer's stack.
    ATRIUM_SESSIONS_DIR: `/var/lib/atrium/${E2E_PROJECT}/sessions`,
    ATRIUM_PROFILES_DIR: `/var/lib/atrium/${E2E_PROJECT}/profiles`,
    ATRIUM_EGRESS_BRIDGE: E2E_EGRESS_BRIDGE,
    // The reaper retries ends that an agent refused; a short period lets a test see the retry.
    ATRIUM_REAPER_INTERVAL_MS: '2000',
    // Pools refill within a second or two, so a test sees it.
    ATRIUM_STAGING_INTERVAL_MS: '1000',
    // Small enough that a test sends a file over it without moving a gigabyte.
    ATRIUM_FILES_MAX_FILE_MB: '64',
    DOCKER_GID: dockerGid,
  };
}

/**
 * The settings of a second stack beside the e2e one (a restored host, the previous release): its own
 * project, ports, sessions and profiles directories and egress bridge, everything else as the e2e stack.
 */
export function secondStackEnvironment(project: string, ports: { https: number; http: number }, egressBridge: string): Record<string, string> {
  return {
    ...stackEnvironment(),
    COMPOSE_PROJECT_NAME: project,
    ATRIUM_HTTPS_PORT: String(ports.https),
    ATRIUM_HTTP_PORT: String(ports.http),
    ATRIUM_SESSIONS_DIR: `/var/lib/atrium/${project}/sessions`,
    ATRIUM_PROFILES_DIR: `/var/lib/atrium/${project}/profiles`,
    ATRIUM_EGRESS_BRIDGE: egressBridge,
  };
}

/**
 * `npm run down` of the e2e stack with these arguments, as an operator runs it (it also finishes the job when
 * Docker keeps a network endpoint of a container that is gone; see tools/scripts/down.sh).
 */
export function npmRunDown(args: string[]): void {
  execFileSync('bash', [join(__dirname, '..', '..', '..', '..', 'tools', 'scripts', 'down.sh'), ...args], {
    env: { ...process.env, ...stackEnvironment(), COMPOSE_PROJECT_NAME: E2E_PROJECT },
    // Its errors, compose's included, are in the exception when it fails.
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 120_000,
  });
}
