import { INTERNAL_PATHS, WEBAPP_AUDIENCE, type RemoteEndedClaims } from '@atrium/contracts';
import type { Logger } from '@atrium/logging';
import jwt from 'jsonwebtoken';

/**
 * Tells the webapp that guacd ended a session's connection from the remote side (HS256 with the call key the
 * two share, 30 s, for that session). Best effort: a failed report is logged, and the session stays running
 * until its user or the reaper ends it.
 */
export function remoteEndedReporter(baseUrl: string, callKey: string, logger: Logger) {
  return async (sessionId: string, reason: string): Promise<void> => {
    const claims: RemoteEndedClaims = { typ: 'remote-ended', sid: sessionId, reason: reason.slice(0, 500) };
    const token = jwt.sign(claims, callKey, { algorithm: 'HS256', audience: WEBAPP_AUDIENCE, expiresIn: 30 });
    try {
      const response = await fetch(new URL(INTERNAL_PATHS.remoteEnded(sessionId), baseUrl), {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(5_000),
      });
      if (!response.ok) throw new Error(`webapp answered ${response.status}`);
      logger.info({ sessionId, reason }, 'remote system ended the session: reported');
    } catch (error) {
      logger.warn({ sessionId, reason: (error as Error).message }, 'could not report a remote end to the webapp');
    }
  };
}
