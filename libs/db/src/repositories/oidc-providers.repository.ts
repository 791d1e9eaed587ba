import type { Knex } from 'knex';

/** An OpenID Connect provider as the webapp uses it; `clientSecretSealed` never leaves the webapp. */
export interface OidcProviderRecord {
  id: string;
  name: string;
  issuer: string;
  clientId: string;
  clientSecretSealed: Buffer;
  scopes: string;
  usernameClaim: string;
  groupsClaim: string;
  groupMappings: { claimValue: string; groupId: string }[];
  caCertificate: string | null;
  createUsers: boolean;
  enabled: boolean;
  createdAt: Date;
}

export type OidcProviderFields = Omit<OidcProviderRecord, 'id' | 'createdAt'>;

const COLUMNS: Record<keyof OidcProviderFields, string> = {
  name: 'name',
  issuer: 'issuer',
  clientId: 'client_id',
  clientSecretSealed: 'client_secret_sealed',
  scopes: 'scopes',
  usernameClaim: 'username_claim',
  groupsClaim: 'groups_claim',
  groupMappings: 'group_mappings',
  caCertificate: 'ca_certificate',
  createUsers: 'create_users',
  enabled: 'enabled',
};

const toRow = (fields: Partial<OidcProviderFields>) =>
  Object.fromEntries(
    Object.entries(fields).map(([field, value]) => [COLUMNS[field as keyof OidcProviderFields], field === 'groupMappings' ? JSON.stringify(value) : value]),
  );

const toRecord = (row: Record<string, unknown>): OidcProviderRecord => ({
  id: row.id as string,
  ...(Object.fromEntries(Object.entries(COLUMNS).map(([field, column]) => [field, row[column]])) as OidcProviderFields),
  createdAt: row.created_at as Date,
});

/** OpenID Connect providers people sign in through. */
export class OidcProvidersRepository {
  constructor(private readonly knex: Knex) {}

  async list(): Promise<OidcProviderRecord[]> {
    return (await this.knex('oidc_providers').orderBy('name')).map(toRecord);
  }

  async findById(id: string): Promise<OidcProviderRecord | undefined> {
    const row = await this.knex('oidc_providers').where({ id }).first();
    return row && toRecord(row);
  }

  async create(fields: OidcProviderFields): Promise<OidcProviderRecord> {
    const [row] = await this.knex('oidc_providers').insert(toRow(fields)).returning('*');
    return toRecord(row);
  }

  async update(id: string, fields: Partial<OidcProviderFields>): Promise<OidcProviderRecord | undefined> {
    const [row] = await this.knex('oidc_providers').where({ id }).update(toRow(fields)).returning('*');
    return row && toRecord(row);
  }

  async remove(id: string): Promise<boolean> {
    return (await this.knex('oidc_providers').where({ id }).delete()) === 1;
  }
}
