import type { TransferReport } from '@atrium/contracts';
import { SessionsRepository } from '@atrium/db';
import { createError } from '@atrium/http';
import type { AppContext } from '../context';
import { auditTransfer } from './audit-transfer';

/** The connection proxy's report of a file transfer on a remote session (SFTP or the RDP drive), audited. */
export async function recordRemoteTransfer(ctx: AppContext, report: TransferReport): Promise<void> {
  const session = await new SessionsRepository(ctx.knex).findById(report.sessionId);
  if (!session || session.kind !== 'remote') throw createError(404, 'session_not_found', 'No such remote session.');
  await auditTransfer(ctx, session, report);
}
