import type { Knex } from 'knex';

export interface GroupMapping {
  /** A directory group's DN, as the group search returns it. */
  ldapGroup: string;
  groupId: string;
}

/** A directory as the webapp uses it; `bindPasswordSealed` never leaves the webapp. */
export interface DirectoryRecord {
  id: string;
  name: string;
  url: string;
  startTls: boolean;
  caCertificate: string | null;
  bindDn: string;
  bindPasswordSealed: Buffer;
  userBaseDn: string;
  userFilter: string;
  groupBaseDn: string;
  groupFilter: string;
  groupMappings: GroupMapping[];
  createUsers: boolean;
  enabled: boolean;
  createdAt: Date;
}

export type DirectoryFields = Omit<DirectoryRecord, 'id' | 'createdAt'>;

interface DirectoryRow {
  id: string;
  name: string;
  url: string;
  start_tls: boolean;
  ca_certificate: string | null;
  bind_dn: string;
  bind_password_sealed: Buffer;
  user_base_dn: string;
  user_filter: string;
  group_base_dn: string;
  group_filter: string;
  group_mappings: GroupMapping[];
  create_users: boolean;
  enabled: boolean;
  created_at: Date;
}

const COLUMNS: Record<keyof DirectoryFields, keyof DirectoryRow> = {
  name: 'name',
  url: 'url',
  startTls: 'start_tls',
  caCertificate: 'ca_certificate',
  bindDn: 'bind_dn',
  bindPasswordSealed: 'bind_password_sealed',
  userBaseDn: 'user_base_dn',
  userFilter: 'user_filter',
  groupBaseDn: 'group_base_dn',
  groupFilter: 'group_filter',
  groupMappings: 'group_mappings',
  createUsers: 'create_users',
  enabled: 'enabled',
};

const toRow = (fields: Partial<DirectoryFields>) =>
  Object.fromEntries(
    Object.entries(fields).map(([field, value]) => [COLUMNS[field as keyof DirectoryFields], field === 'groupMappings' ? JSON.stringify(value) : value]),
  );

const toRecord = (row: DirectoryRow): DirectoryRecord => ({
  id: row.id,
  name: row.name,
  url: row.url,
  startTls: row.start_tls,
  caCertificate: row.ca_certificate,
  bindDn: row.bind_dn,
  bindPasswordSealed: row.bind_password_sealed,
  userBaseDn: row.user_base_dn,
  userFilter: row.user_filter,
  groupBaseDn: row.group_base_dn,
  groupFilter: row.group_filter,
  groupMappings: row.group_mappings,
  createUsers: row.create_users,
  enabled: row.enabled,
  createdAt: row.created_at,
});

/** LDAP directories people sign in through. */
export class DirectoriesRepository {
  constructor(private readonly knex: Knex) {}

  async list(): Promise<DirectoryRecord[]> {
    return ((await this.knex('ldap_directories').orderBy('name')) as DirectoryRow[]).map(toRecord);
  }

  async findById(id: string): Promise<DirectoryRecord | undefined> {
    const row = (await this.knex('ldap_directories').where({ id }).first()) as DirectoryRow | undefined;
    return row && toRecord(row);
  }

  async create(fields: DirectoryFields): Promise<DirectoryRecord> {
    const [row] = await this.knex('ldap_directories').insert(toRow(fields)).returning('*');
    return toRecord(row as DirectoryRow);
  }

  async update(id: string, fields: Partial<DirectoryFields>): Promise<DirectoryRecord | undefined> {
    const [row] = await this.knex('ldap_directories').where({ id }).update(toRow(fields)).returning('*');
    return row && toRecord(row as DirectoryRow);
  }

  async remove(id: string): Promise<boolean> {
    return (await this.knex('ldap_directories').where({ id }).delete()) === 1;
  }
}
