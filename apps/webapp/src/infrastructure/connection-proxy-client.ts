import { CONNECTION_PROXY_AUDIENCE, type CloseSessionClaims } from '@atrium/contracts';
import jwt from 'jsonwebtoken';

/** The webapp's calls to the connection proxy, each with an HS256 token for one session (30 s). */
export class ConnectionProxyClient {
  constructor(
    private readonly baseUrl: string,
    private readonly callKey: string,
  ) {}

  /** Ends every open stream of a remote session; returns how many were closed. */
  async closeSession(sessionId: string): Promise<number> {
    const claims: CloseSessionClaims = { typ: 'close-session', sid: sessionId };
    const token = jwt.sign(claims, this.callKey, { algorithm: 'HS256', audience: CONNECTION_PROXY_AUDIENCE, expiresIn: 30 });
    const response = await fetch(new URL(`/v1/sessions/${sessionId}/close`, this.baseUrl), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(5_000),
    });
    if (!response.ok) throw new Error(`connection proxy answered ${response.status}`);
    return ((await response.json()) as { closed: number }).closed;
  }
}
