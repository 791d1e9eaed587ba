import { z } from 'zod';
import { loadConfigOrExit } from '@atrium/config';
import { createLogger } from '@atrium/logging';
import { ROLE_UIDS } from './secrets-plan';
import { prepareDrivesDirectory, prepareProfilesDirectory, prepareSessionsDirectory, prepareStreamsDirectory } from './sessions-directory';
import { ensureCertificate } from './tls-certificate';
import { writeSecrets } from './write-secrets';

/**
 * First-start setup, run by the one-shot `setup` service before any other role: generates the secrets
 * and the TLS certificate into their volumes, and readies the sessions directory. Running it again changes nothing.
 */
function main(): void {
  const config = loadConfigOrExit('setup', {
    SECRETS_DIR: z.string().default('/secrets'),
    CERT_DIR: z.string().default('/certs'),
    CUSTOM_TLS_DIR: z.string().default('/custom-tls'),
    /** The host's sessions directory as mounted here, and the group the agent shares with workspaces. */
    SESSIONS_DIR: z.string().default('/sessions'),
    SESSION_SOCKET_GID: z.coerce.number().int().min(1).max(65_534).default(1100),
    /** The host's directory of users' kept homes, as mounted here. */
    PROFILES_DIR: z.string().default('/profiles'),
    /** The volume the agent's stream socket lives in, shared with kasm_proxy. */
    STREAMS_DIR: z.string().default('/agent-streams'),
    /** The volume of RDP sessions' drive folders, shared by the connection proxy and guacd. */
    DRIVES_DIR: z.string().default('/remote-drives'),
    PUBLIC_HOSTNAME: z
      .string()
      .min(1)
      .regex(/^[A-Za-z0-9.:-]+$/, 'must be a hostname or IP address')
      .default('localhost'),
  });
  const logger = createLogger('setup');
  const asRoot = process.getuid?.() === 0;
  const secrets = writeSecrets(config.SECRETS_DIR, { chown: asRoot });
  logger.info({ created: secrets.created, kept: secrets.kept }, 'secrets ready');
  const certificate = ensureCertificate({
    hostname: config.PUBLIC_HOSTNAME,
    certDir: config.CERT_DIR,
    customDir: config.CUSTOM_TLS_DIR,
    ...(asRoot && { ownerUid: ROLE_UIDS['kasm-proxy'] }),
  });
  logger.info({ hostname: config.PUBLIC_HOSTNAME, certificate }, 'TLS certificate ready');
  prepareSessionsDirectory(config.SESSIONS_DIR, asRoot ? { uid: ROLE_UIDS.agent, gid: config.SESSION_SOCKET_GID } : undefined);
  logger.info('sessions directory ready');
  prepareProfilesDirectory(config.PROFILES_DIR, asRoot ? { uid: ROLE_UIDS.agent } : undefined);
  logger.info('profiles directory ready');
  // kasm_proxy's image makes its user's group with the same number as the user (1004).
  const streams = prepareStreamsDirectory(config.STREAMS_DIR, asRoot ? { uid: ROLE_UIDS.agent, gid: ROLE_UIDS['kasm-proxy'] } : undefined);
  logger.info({ streamsDirectory: streams }, streams ? 'agent stream socket directory ready' : 'no agent stream socket volume');
  const drives = prepareDrivesDirectory(config.DRIVES_DIR, asRoot ? { uid: ROLE_UIDS['connection-proxy'] } : undefined);
  logger.info({ drivesDirectory: drives }, drives ? 'remote drives directory ready' : 'no remote drives volume');
}

main();
