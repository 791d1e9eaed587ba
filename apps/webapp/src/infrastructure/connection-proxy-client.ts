import { closedStreamsSchema, CONNECTION_PROXY_AUDIENCE, type CloseSessionClaims, type MetricsCallClaims } from '@atrium/contracts';
import jwt from 'jsonwebtoken';

/** The webapp's calls to the connection proxy, each with an HS256 token for one session (30 s). */
export class ConnectionProxyClient {
  constructor(
    private readonly baseUrl: string,
    private readonly callKey: string,
  ) {}

  /** The connection proxy's own metrics (its remote streams and process), as prom-client's JSON, for the scrape. */
  async metrics(): Promise<unknown> {
    const claims: MetricsCallClaims = { typ: 'metrics' };
    const token = jwt.sign(claims, this.callKey, { algorithm: 'HS256', audience: CONNECTION_PROXY_AUDIENCE, expiresIn: 30 });
    const response = await fetch(new URL('/v1/metrics', this.baseUrl), { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(2_000) });
    if (!response.ok) throw new Error(`connection proxy answered ${response.status}`);
    return response.json();
  }

  /** Ends the open streams of a remote session, or only those one browser sign-in opened; returns how many. */
  async closeSession(sessionId: string, authSessionId?: string): Promise<number> {
    const claims: CloseSessionClaims = { typ: 'close-session', sid: sessionId, ...(authSessionId && { asid: authSessionId }) };
    const token = jwt.sign(claims, this.callKey, { algorithm: 'HS256', audience: CONNECTION_PROXY_AUDIENCE, expiresIn: 30 });
    const response = await fetch(new URL(`/v1/sessions/${sessionId}/close`, this.baseUrl), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(5_000),
    });
    if (!response.ok) throw new Error(`connection proxy answered ${response.status}`);
    return closedStreamsSchema.parse(await response.json()).closed;
  }
}
