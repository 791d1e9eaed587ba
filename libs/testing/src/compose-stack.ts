import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { DockerComposeEnvironment, Wait, type StartedDockerComposeEnvironment } from 'testcontainers';
import { ensureDockerEnvironment } from './docker-environment';

const SHIM_DIR = join(__dirname, '..', '..', '..', 'tools', 'testing', 'compose-v1-shim');

/** testcontainers speaks compose v2 only; on hosts with just docker-compose 1.29, route through a shim. */
function ensureComposeCommand(): void {
  try {
    execFileSync('docker', ['compose', 'version'], { stdio: 'ignore' });
  } catch {
    if (!process.env['PATH']?.startsWith(SHIM_DIR)) process.env['PATH'] = `${SHIM_DIR}:${process.env['PATH']}`;
  }
}

export interface ComposeStackOptions {
  /** Folder holding compose.yaml. */
  composeDir: string;
  projectName: string;
  environment: Record<string, string>;
  startupTimeoutMs?: number;
}

/** Brings a compose project up and waits until every container reports healthy. */
export async function startComposeStack(options: ComposeStackOptions): Promise<StartedDockerComposeEnvironment> {
  ensureDockerEnvironment();
  ensureComposeCommand();
  return new DockerComposeEnvironment(options.composeDir, 'compose.yaml')
    .withProjectName(options.projectName)
    .withEnvironment(options.environment)
    .withDefaultWaitStrategy(Wait.forHealthCheck())
    .withStartupTimeout(options.startupTimeoutMs ?? 240_000)
    .up();
}

/** Runs the compose CLI (v2 or v1) on a project, for what testcontainers does not cover (stop one service...). */
export function composeCli(options: Omit<ComposeStackOptions, 'startupTimeoutMs'>, args: string[]): string {
  ensureComposeCommand();
  return execFileSync('docker', ['compose', '-p', options.projectName, ...args], {
    cwd: options.composeDir,
    env: { ...process.env, ...options.environment, COMPOSE_PROJECT_NAME: options.projectName },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}
