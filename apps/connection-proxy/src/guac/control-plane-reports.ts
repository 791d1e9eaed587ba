import { INTERNAL_PATHS, WEBAPP_AUDIENCE, type RemoteEndedClaims, type RemoteTransferClaims, type TransferReport } from '@atrium/contracts';
import type { Logger } from '@atrium/logging';
import jwt from 'jsonwebtoken';

/** One call to the webapp's internal listener, signed for one session (HS256 with the call key, 30 s). */
async function callWebapp(baseUrl: string, callKey: string, path: string, claims: RemoteEndedClaims | RemoteTransferClaims, body?: unknown) {
  const token = jwt.sign(claims, callKey, { algorithm: 'HS256', audience: WEBAPP_AUDIENCE, expiresIn: 30 });
  const response = await fetch(new URL(path, baseUrl), {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(5_000),
  });
  if (!response.ok) throw new Error(`webapp answered ${response.status}`);
}

/**
 * Tells the webapp that guacd ended a session's connection from the remote side (HS256 with the call key the
 * two share, 30 s, for that session). Best effort: a failed report is logged, and the session stays running
 * until its user or the reaper ends it.
 */
export function remoteEndedReporter(baseUrl: string, callKey: string, logger: Logger) {
  return async (sessionId: string, reason: string): Promise<void> => {
    const claims: RemoteEndedClaims = { typ: 'remote-ended', sid: sessionId, reason: reason.slice(0, 500) };
    try {
      await callWebapp(baseUrl, callKey, INTERNAL_PATHS.remoteEnded(sessionId), claims);
      logger.info({ sessionId, reason }, 'remote system ended the session: reported');
    } catch (error) {
      logger.warn({ sessionId, reason: (error as Error).message }, 'could not report a remote end to the webapp');
    }
  };
}

/**
 * Tells the webapp about a file transfer on a remote session, for the audit log. Best effort, like the agent's:
 * a failed report is logged with what it would have said (the name and size, never the content).
 */
export function transferReporter(baseUrl: string, callKey: string, logger: Logger) {
  return async (sessionId: string, report: Omit<TransferReport, 'sessionId'>): Promise<void> => {
    const claims: RemoteTransferClaims = { typ: 'remote-transfer', sid: sessionId };
    const body: TransferReport = { sessionId, ...report, name: report.name.slice(0, 1024) };
    try {
      await callWebapp(baseUrl, callKey, INTERNAL_PATHS.remoteTransfers(sessionId), claims, body);
      logger.info({ sessionId, direction: report.direction, bytes: report.bytes, outcome: report.outcome }, 'file transfer reported');
    } catch (error) {
      logger.warn({ sessionId, transfer: report, reason: (error as Error).message }, 'could not report a file transfer to the webapp');
    }
  };
}
