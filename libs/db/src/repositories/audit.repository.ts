import type { AuditEntryView, AuditQuery } from '@atrium/contracts';
import type { Knex } from 'knex';

export interface AuditEntry {
  actorType: 'user' | 'agent' | 'system' | 'api_key' | 'anonymous';
  actorId?: string;
  action: string;
  targetType?: string;
  targetId?: string;
  detail?: Record<string, unknown>;
  ip?: string;
}

/** Append-only record of security-relevant actions; never stores secrets (callers pass ids, not values). */
export class AuditRepository {
  constructor(private readonly knex: Knex) {}

  async record(entry: AuditEntry): Promise<void> {
    await this.knex('audit_log').insert({
      actor_type: entry.actorType,
      actor_id: entry.actorId ?? null,
      action: entry.action,
      target_type: entry.targetType ?? null,
      target_id: entry.targetId ?? null,
      detail: JSON.stringify(entry.detail ?? {}),
      ip: entry.ip ?? null,
    });
  }

  /** Entries matching the filter, newest first, at most `limit`, after the `before` cursor. */
  async list(filter: AuditQuery): Promise<AuditEntryView[]> {
    const query = this.knex('audit_log').orderBy('id', 'desc').limit(filter.limit);
    if (filter.actorId) query.where({ actor_id: filter.actorId });
    if (filter.action) query.where({ action: filter.action });
    if (filter.targetType) query.where({ target_type: filter.targetType });
    if (filter.targetId) query.where({ target_id: filter.targetId });
    if (filter.since) query.where('at', '>=', new Date(filter.since));
    if (filter.until) query.where('at', '<', new Date(filter.until));
    if (filter.before) query.where('id', '<', filter.before);
    const rows: AuditRow[] = await query;
    return rows.map((row) => ({
      id: Number(row.id),
      at: row.at.toISOString(),
      actorType: row.actor_type,
      actorId: row.actor_id,
      action: row.action,
      targetType: row.target_type,
      targetId: row.target_id,
      detail: row.detail,
      ip: row.ip,
    }));
  }
}

interface AuditRow {
  id: string;
  at: Date;
  actor_type: string;
  actor_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  detail: Record<string, unknown>;
  ip: string | null;
}
