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
}
