import type { TransferReport } from '@atrium/contracts';
import { SessionsRepository } from '@atrium/db';
import { createError } from '@atrium/http';
import type { AppContext } from '../context';
import { auditTransfer } from '../sessions/audit-transfer';
import { authenticateAgent } from './authenticate-agent';

/** An agent's report of a file transfer it ran, audited. An agent reports only its own sessions. */
export async function recordTransfer(ctx: AppContext, agentId: string, secret: string | undefined, report: TransferReport): Promise<void> {
  await authenticateAgent(ctx, agentId, secret);
  const session = await new SessionsRepository(ctx.knex).findById(report.sessionId);
  if (!session || session.agentId !== agentId) throw createError(404, 'session_not_found', 'No such session on this agent.');
  await auditTransfer(ctx, session, report);
}
