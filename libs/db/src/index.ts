export { createKnex, type DatabaseSettings } from './create-knex';
export { migrateLatest, rollbackAll, rollbackLast, listMigrationNames, SchemaNewerThanCodeError } from './migrator';
export { transaction } from './transaction';
export { ForeignKeyViolationError, UniqueViolationError } from './constraint-errors';
export { lockForTransaction, pingDatabase } from './database-checks';
export { UsersRepository, type UserRecord, type UserUpdate } from './repositories/users.repository';
export { LoginFailuresRepository, type FailureCount } from './repositories/login-failures.repository';
export { AuthSessionsRepository, type LiveAuthSession, type SecondFactorStage } from './repositories/auth-sessions.repository';
export { OidcProvidersRepository, type OidcProviderFields, type OidcProviderRecord } from './repositories/oidc-providers.repository';
export { DirectoriesRepository, type DirectoryFields, type DirectoryRecord, type GroupMapping } from './repositories/directories.repository';
export {
  SecondFactorsRepository,
  type ChallengePurpose,
  type FactorKind,
  type FactorSummary,
  type Passkey,
  type TotpFactor,
} from './repositories/second-factors.repository';
export { AgentsRepository, type AgentRecord, type AgentWithHoldings, type SchedulableAgent } from './repositories/agents.repository';
export { AuditRepository, type AuditEntry } from './repositories/audit.repository';
export { WorkspacesRepository } from './repositories/workspaces.repository';
export { SessionsRepository, type SessionRecord, type TransitionChange } from './repositories/sessions.repository';
export { ServersRepository, type ServerRecord, type ServerWrite } from './repositories/servers.repository';
export { GroupsRepository, type GroupPolicyRecord } from './repositories/groups.repository';
export { ApiKeysRepository, type ApiKeyRecord } from './repositories/api-keys.repository';
export { LoginTokensRepository } from './repositories/login-tokens.repository';
export { StagingRepository, type StagingSlot } from './repositories/staging.repository';
export { ProfilesRepository, type ProfileRecord } from './repositories/profiles.repository';
export type { Knex } from 'knex';
export { ensureAppRole, type AppRole } from './app-role';
