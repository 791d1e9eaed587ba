import { SessionsRepository, transaction, type SessionRecord } from '@atrium/db';
import type { Actor } from '../auth/auth-context';
import type { AppContext } from '../context';
import { destroySession } from './destroy-session.use-case';
import { reaperActions } from '../metrics/metrics';

const REAPER: Actor = { label: 'reaper', audit: { actorType: 'system' } };

/**
 * A start still unfinished after this long has lost the webapp that was waiting for it (a start gives up after
 * the agent client's 60 s, then records `running` or `error`); the reaper ends it and frees what it holds.
 */
export const STUCK_START_AFTER_MS = 90_000;

/** Why the reaper ends a session: its time limit, keepalives that stopped coming, or a start that never finished. */
export function reapReason(session: SessionRecord, now = new Date()): string {
  if (session.state === 'requested' || session.state === 'provisioning') return 'the start never finished';
  if (session.expiresAt && session.expiresAt < now) return 'session time is up';
  if (session.keepaliveUntil && session.keepaliveUntil < now) return 'no keepalive arrived in time';
  return 'retrying removal';
}

/**
 * Ends sessions past their time limit or keepalive deadline, or whose start never finished, and retries `stopping` sessions whose container could not be removed
 * yet. Each tick claims a batch (moving it to `stopping` under FOR UPDATE SKIP LOCKED, so replicas never
 * claim the same session), then destroys them one by one.
 */
export async function reapExpiredSessions(ctx: AppContext, batch = 20): Promise<number> {
  const claimed = await transaction(ctx.knex, async (trx) => {
    const sessions = new SessionsRepository(trx);
    const due = await sessions.listDueForEnd(batch, new Date(Date.now() - STUCK_START_AFTER_MS));
    return Promise.all(
      due.map(async (row) => {
        const reason = reapReason(row);
        const claim = row.state === 'stopping' ? row : await sessions.transition(row.id, { to: 'stopping', actor: REAPER.label, detail: reason });
        return { session: claim, reason };
      }),
    );
  });
  for (const { session, reason } of claimed) {
    try {
      await destroySession(ctx, REAPER, session, reason);
      reaperActions.inc({ reason });
    } catch (error) {
      ctx.logger.warn({ sessionId: session.id, reason: (error as Error).message }, 'reaper could not end a session; it will retry');
    }
  }
  return claimed.length;
}

/** Runs the reaper every interval until closed; `close()` is idempotent and waits for a running tick. */
export class SessionReaper {
  private timer?: NodeJS.Timeout;
  private tick?: Promise<unknown>;

  constructor(private readonly ctx: AppContext) {}

  start(): void {
    this.timer ??= setInterval(() => {
      this.tick ??= reapExpiredSessions(this.ctx)
        .catch((error: Error) => this.ctx.logger.error({ err: error }, 'reaper tick failed'))
        .finally(() => (this.tick = undefined));
    }, this.ctx.config.REAPER_INTERVAL_MS);
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.tick;
  }
}
