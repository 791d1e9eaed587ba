import type { AuditPage, AuditQuery } from '@atrium/contracts';
import { AuditRepository } from '@atrium/db';
import type { AppContext } from '../context';

/** A page of the audit log, newest first; `nextBefore` continues it. */
export async function listAudit(ctx: AppContext, query: AuditQuery): Promise<AuditPage> {
  const entries = await new AuditRepository(ctx.knex).list(query);
  const last = entries[entries.length - 1];
  return { entries, nextBefore: entries.length === query.limit && last ? last.id : null };
}
