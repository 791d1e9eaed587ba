import type { Knex } from '@atrium/db';
import type { Logger } from '@atrium/logging';
import type { WebappConfig } from './config';
import { AgentClient } from './infrastructure/agent-client';
import { AgentTokenSigner } from './infrastructure/agent-token-signer';
import { ConnectionProxyClient } from './infrastructure/connection-proxy-client';
import { CredentialsCipher } from './infrastructure/credentials-cipher';

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

/** The one place the context is assembled, by `main.ts` and by the test app alike. */
export function createAppContext(config: WebappConfig, knex: Knex, logger: Logger): AppContext {
  const signer = new AgentTokenSigner(config.TOKEN_SIGNING_KEY);
  return {
    config,
    knex,
    logger,
    signer,
    agents: new AgentClient(signer),
    credentials: new CredentialsCipher(config.CREDENTIALS_KEY),
    connectionProxy: new ConnectionProxyClient(config.CONNECTION_PROXY_URL, config.CONNECTION_PROXY_CALL_KEY),
  };
}
