export { createKnex, type DatabaseSettings } from './create-knex';
export { migrateLatest, rollbackAll, listMigrationNames } from './migrator';
export { transaction } from './transaction';
export { UsersRepository, type UserRow } from './repositories/users.repository';
export { AuthSessionsRepository, type AuthSessionRow } from './repositories/auth-sessions.repository';
export { AgentsRepository, type AgentRow } from './repositories/agents.repository';
export { AuditRepository, type AuditEntry } from './repositories/audit.repository';
export type { Knex } from 'knex';
