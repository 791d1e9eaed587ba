import type { Knex } from '@atrium/db';
import type { Logger } from '@atrium/logging';
import type { WebappConfig } from './config';
import type { CredentialsCipher } from './servers/credentials-cipher';
import type { AgentClient } from './sessions/agent-client';
import type { ConnectionProxyClient } from './sessions/connection-proxy-client';
import type { AgentTokenSigner } from './tokens/agent-tokens';

/** What every route and use case is built from; use cases take `knex` so callers can pass a transaction. */
export interface AppContext {
  config: WebappConfig;
  knex: Knex;
  logger: Logger;
  signer: AgentTokenSigner;
  agents: AgentClient;
  credentials: CredentialsCipher;
  connectionProxy: ConnectionProxyClient;
}
