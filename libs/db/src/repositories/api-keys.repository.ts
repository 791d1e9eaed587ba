import type { ApiScope } from '@atrium/contracts';
import type { Knex } from 'knex';

interface ApiKeyRow {
  id: string;
  name: string;
  key_id: string;
  secret_hash: string;
  scopes: ApiScope[];
  created_by: string | null;
  expires_at: Date | null;
  revoked_at: Date | null;
  last_used_at: Date | null;
  created_at: Date;
}

export interface ApiKeyRecord {
  id: string;
  name: string;
  /** The public half an integration sends as `api_key`. */
  keyId: string;
  /** SHA-256 of the secret (hex). */
  secretHash: string;
  scopes: ApiScope[];
  createdBy: string | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  createdAt: Date;
}

const toApiKey = (row: ApiKeyRow): ApiKeyRecord => ({
  id: row.id,
  name: row.name,
  keyId: row.key_id,
  secretHash: row.secret_hash,
  scopes: row.scopes,
  createdBy: row.created_by,
  expiresAt: row.expires_at,
  revokedAt: row.revoked_at,
  lastUsedAt: row.last_used_at,
  createdAt: row.created_at,
});

export class ApiKeysRepository {
  constructor(private readonly knex: Knex) {}

  async create(key: {
    name: string;
    keyId: string;
    secretHash: string;
    scopes: ApiScope[];
    createdBy: string | null;
    expiresAt: Date | null;
  }): Promise<ApiKeyRecord> {
    const [row] = await this.knex('api_keys')
      .insert({ name: key.name, key_id: key.keyId, secret_hash: key.secretHash, scopes: key.scopes, created_by: key.createdBy, expires_at: key.expiresAt })
      .returning('*');
    return toApiKey(row as ApiKeyRow);
  }

  async list(): Promise<ApiKeyRecord[]> {
    return (await this.knex<ApiKeyRow>('api_keys').orderBy('created_at', 'desc')).map(toApiKey);
  }

  async findByKeyId(keyId: string): Promise<ApiKeyRecord | undefined> {
    const row = await this.knex<ApiKeyRow>('api_keys').where({ key_id: keyId }).first();
    return row && toApiKey(row);
  }

  /** Revokes a key; undefined when there is no such key. Revoking twice keeps the first time. */
  async revoke(id: string): Promise<{ id: string } | undefined> {
    const [row] = await this.knex('api_keys')
      .where({ id })
      .update({ revoked_at: this.knex.raw('coalesce(revoked_at, now())'), updated_at: this.knex.fn.now() })
      .returning('id');
    return row;
  }

  /** Records a use, at most once a minute per key (a busy integration does not write on every call). */
  async touch(id: string): Promise<void> {
    await this.knex('api_keys')
      .where({ id })
      .where((query) => query.whereNull('last_used_at').orWhere('last_used_at', '<', this.knex.raw("now() - interval '1 minute'")))
      .update({ last_used_at: this.knex.fn.now() });
  }
}
