import { AuditRepository, transaction, type Knex } from '@atrium/db';
import type { Actor } from '../auth/auth-context';
import type { AppContext } from '../context';

/** What the audit log records about an administrative write. */
export interface AuditedAction {
  action: string;
  targetType: string;
  /** Ids and counts only: never a value that could be a secret. */
  detail?: Record<string, unknown>;
}

/**
 * Runs a write and its audit entry in one transaction: if the audit entry cannot be written, the write is
 * undone, so no change is ever left unaudited. `work` returns the object it changed (its id is the target).
 */
export function auditedWrite<T extends { id: string }>(ctx: AppContext, actor: Actor, what: AuditedAction, work: (trx: Knex) => Promise<T>): Promise<T> {
  return transaction(ctx.knex, async (trx) => {
    const changed = await work(trx);
    await new AuditRepository(trx).record({
      ...actor.audit,
      action: what.action,
      targetType: what.targetType,
      targetId: changed.id,
      ...(what.detail && { detail: what.detail }),
    });
    return changed;
  });
}
