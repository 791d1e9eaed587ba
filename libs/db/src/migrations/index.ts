import type { Knex } from 'knex';
import * as initialSchema from './20261124A-initial-schema';
import * as seedWorkspaces from './20261125A-seed-workspaces';
import * as sessionStopRetries from './20261126A-session-stop-retries';
import * as workspaceEgress from './20261126B-workspace-egress';
import * as governedSessions from './20261127A-governed-sessions';
import * as loginTokens from './20261127B-login-tokens';
import * as capacity from './20261127C-capacity';
import * as stagingPools from './20261127D-staging-pools';
import * as agentStreamSocket from './20261128A-agent-stream-socket';
import * as workspaceCatalogue from './20261204A-workspace-catalogue';
import * as persistentProfiles from './20261204B-persistent-profiles';
import * as userProfile from './20261205A-user-profile';
import * as loginFailures from './20261205B-login-failures';
import * as secondFactors from './20261205C-second-factors';
import * as passkeys from './20261205D-passkeys';
import * as directories from './20261205E-directories';
import * as oidcProviders from './20261205F-oidc-providers';

/** Every migration, by its date-prefixed name. Add new ones here; names sort in the order they run. */
export const migrations: Record<string, Knex.Migration> = {
  '20261124A-initial-schema': initialSchema,
  '20261125A-seed-workspaces': seedWorkspaces,
  '20261126A-session-stop-retries': sessionStopRetries,
  '20261126B-workspace-egress': workspaceEgress,
  '20261127A-governed-sessions': governedSessions,
  '20261127B-login-tokens': loginTokens,
  '20261127C-capacity': capacity,
  '20261127D-staging-pools': stagingPools,
  '20261128A-agent-stream-socket': agentStreamSocket,
  '20261204A-workspace-catalogue': workspaceCatalogue,
  '20261204B-persistent-profiles': persistentProfiles,
  '20261205A-user-profile': userProfile,
  '20261205B-login-failures': loginFailures,
  '20261205C-second-factors': secondFactors,
  '20261205D-passkeys': passkeys,
  '20261205E-directories': directories,
  '20261205F-oidc-providers': oidcProviders,
};
