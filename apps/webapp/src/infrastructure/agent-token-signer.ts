import { agentAudience, TOKEN_ISSUER, type AgentCallClaims, type ConnectTokenClaims, type FilesTokenClaims } from '@atrium/contracts';
import jwt from 'jsonwebtoken';

/** Signs tokens for agents with the webapp's ES256 private key; agents hold only the public key. */
export class AgentTokenSigner {
  constructor(private readonly privateKey: string) {}

  /** For one call to one agent, about one session: valid for 30 s. */
  callToken(agentId: string, claims: Omit<AgentCallClaims, 'typ'>): string {
    return this.sign(agentId, { typ: 'agent-call', ...claims }, 30);
  }

  /** For opening one desktop stream: valid for 20 s, enough for nginx to pass the upgrade on. */
  connectToken(agentId: string, claims: Omit<ConnectTokenClaims, 'typ'>): string {
    return this.sign(agentId, { typ: 'connect', ...claims }, 20);
  }

  /** For one file request (a list, a download or an upload): checked when the request starts, valid for 20 s. */
  filesToken(agentId: string, claims: Omit<FilesTokenClaims, 'typ'>): string {
    return this.sign(agentId, { typ: 'files', ...claims }, 20);
  }

  private sign(agentId: string, claims: object, seconds: number): string {
    return jwt.sign(claims, this.privateKey, { algorithm: 'ES256', issuer: TOKEN_ISSUER, audience: agentAudience(agentId), expiresIn: seconds });
  }
}
