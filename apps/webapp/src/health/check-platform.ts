import { roleHealthSchema, type ComponentHealth, type PlatformHealth } from '@atrium/contracts';
import { AgentsRepository, pingDatabase } from '@atrium/db';
import type { AppContext } from '../context';

const TIMEOUT_MS = 2_000;

const failure = (error: unknown): ComponentHealth => ({ status: 'down', detail: (error as Error).message });

export async function checkDatabase(ctx: AppContext): Promise<ComponentHealth> {
  try {
    await pingDatabase(ctx.knex, TIMEOUT_MS);
    return { status: 'ok' };
  } catch (error) {
    return failure(error);
  }
}

async function checkAgents(ctx: AppContext): Promise<PlatformHealth['components']['agents']> {
  try {
    const counts = await new AgentsRepository(ctx.knex).countOnline(ctx.config.AGENT_STALE_AFTER_MS);
    const status = counts.online > 0 ? 'ok' : 'down';
    const detail = status === 'ok' ? undefined : counts.registered ? 'no agent sent a recent heartbeat' : 'no agent registered';
    return { status, ...counts, ...(detail && { detail }) };
  } catch (error) {
    return { ...failure(error), online: 0, registered: 0 };
  }
}

/** The connection proxy reports guacd itself, since guacd is reachable from it. */
async function checkConnectionProxy(ctx: AppContext): Promise<Pick<PlatformHealth['components'], 'connectionProxy' | 'guacd'>> {
  try {
    const response = await fetch(new URL('/health', ctx.config.CONNECTION_PROXY_URL), { signal: AbortSignal.timeout(TIMEOUT_MS) });
    const body = roleHealthSchema.parse(await response.json());
    const guacd = body.components['guacd'] ?? { status: 'down', detail: 'not reported' };
    return { connectionProxy: { status: 'ok' }, guacd };
  } catch (error) {
    const unknown: ComponentHealth = { status: 'down', detail: 'connection proxy unreachable' };
    return { connectionProxy: failure(error), guacd: unknown };
  }
}

export async function checkPlatform(ctx: AppContext): Promise<PlatformHealth> {
  const [database, agents, proxy] = await Promise.all([checkDatabase(ctx), checkAgents(ctx), checkConnectionProxy(ctx)]);
  const components = { database, agents, ...proxy };
  const healthy = Object.values(components).every((component) => component.status === 'ok');
  return { status: healthy ? 'ok' : 'degraded', components };
}
