import { agentAudience, TOKEN_ISSUER } from '@atrium/contracts';
import jwt from 'jsonwebtoken';
import type { z } from 'zod';

export class TokenRejectedError extends Error {}

/**
 * Verifies a token the webapp signed for this agent: ES256 signature, issuer, this agent as audience,
 * not expired (2 s of clock tolerance), then the claims' shape.
 */
export function verifyAgentToken<Schema extends z.ZodType>(
  token: string | undefined,
  publicKey: string,
  agentId: string | undefined,
  schema: Schema,
): z.infer<Schema> {
  if (!token) throw new TokenRejectedError('missing token');
  if (!agentId) throw new TokenRejectedError('agent not registered yet');
  let payload: unknown;
  try {
    payload = jwt.verify(token, publicKey, { algorithms: ['ES256'], issuer: TOKEN_ISSUER, audience: agentAudience(agentId), clockTolerance: 2 });
  } catch (error) {
    throw new TokenRejectedError((error as Error).message);
  }
  const claims = schema.safeParse(payload);
  if (!claims.success) throw new TokenRejectedError('unexpected token claims');
  return claims.data;
}
