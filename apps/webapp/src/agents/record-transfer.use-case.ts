import type { TransferReport } from '@atrium/contracts';
import { AuditRepository, SessionsRepository } from '@atrium/db';
import { createError } from '@atrium/http';
import type { AppContext } from '../context';
import { authenticateAgent } from './authenticate-agent';

/**
 * An agent's report of a file transfer it ran: audited under the session's owner (who alone may move files),
 * with the name, the bytes that crossed, the direction and how it ended. An agent reports only its own sessions.
 */
export async function recordTransfer(ctx: AppContext, agentId: string, secret: string | undefined, report: TransferReport): Promise<void> {
  await authenticateAgent(ctx, agentId, secret);
  const session = await new SessionsRepository(ctx.knex).findById(report.sessionId);
  if (!session || session.agentId !== agentId) throw createError(404, 'session_not_found', 'No such session on this agent.');
  await new AuditRepository(ctx.knex).record({
    actorType: 'user',
    actorId: session.userId,
    action: `file.${report.direction}`,
    targetType: 'session',
    targetId: session.id,
    detail: { name: report.name, bytes: report.bytes, outcome: report.outcome, ...(report.reason && { reason: report.reason }) },
  });
}
