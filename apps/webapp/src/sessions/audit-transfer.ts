import type { TransferReport } from '@atrium/contracts';
import { AuditRepository, type SessionRecord } from '@atrium/db';

/**
 * One file transfer in the audit log, under the session's owner (who alone may move files): the name, the bytes
 * that crossed, the direction and how it ended. Agents (container workspaces) and the connection proxy (remote
 * systems) report the same way.
 */
export async function auditTransfer(ctx: { knex: import('knex').Knex }, session: SessionRecord, report: TransferReport): Promise<void> {
  await new AuditRepository(ctx.knex).record({
    actorType: 'user',
    actorId: session.userId,
    action: `file.${report.direction}`,
    targetType: 'session',
    targetId: session.id,
    detail: { name: report.name, bytes: report.bytes, outcome: report.outcome, ...(report.reason && { reason: report.reason }) },
  });
}
