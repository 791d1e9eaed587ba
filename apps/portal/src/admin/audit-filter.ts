import type { AuditQuery } from '@atrium/contracts';

export interface AuditFilterForm {
  actorId: string | null;
  action: string;
  /** `datetime-local` values (the browser's local time), or empty. */
  since: string;
  until: string;
}

/** The audit query for a filter form: empty fields dropped, local times as ISO 8601 instants. */
export function auditQueryOf(form: AuditFilterForm, before?: number): Partial<AuditQuery> {
  const instant = (local: string) => (local ? new Date(local).toISOString() : undefined);
  return {
    actorId: form.actorId ?? undefined,
    action: form.action.trim() || undefined,
    since: instant(form.since),
    until: instant(form.until),
    before,
    limit: 50,
  };
}
