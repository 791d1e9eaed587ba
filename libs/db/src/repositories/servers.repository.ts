import type { ServerProtocol, ServerSettings, ServerView } from '@atrium/contracts';
import type { Knex } from 'knex';
import { columnsOf } from './columns';

interface ServerRow {
  id: string;
  name: string;
  protocol: ServerProtocol;
  hostname: string;
  port: number;
  credential_mode: 'static' | 'prompt';
  credentials_encrypted: Buffer | null;
  settings: ServerSettings;
}

export interface ServerRecord extends ServerView {
  /** Sealed by the webapp's CredentialsCipher; only the launch use case opens it. */
  credentialsEncrypted: Buffer | null;
}

export interface ServerWrite {
  name?: string;
  protocol?: ServerProtocol;
  hostname?: string;
  port?: number;
  credentialMode?: 'static' | 'prompt';
  credentialsEncrypted?: Buffer | null;
  settings?: ServerSettings;
  groupIds?: string[];
}

const columns = (input: ServerWrite) =>
  columnsOf(input, {
    name: 'name',
    protocol: 'protocol',
    hostname: 'hostname',
    port: 'port',
    credentialMode: 'credential_mode',
    credentialsEncrypted: 'credentials_encrypted',
    settings: { column: 'settings', encode: (settings) => JSON.stringify(settings) },
  });

export class ServersRepository {
  constructor(private readonly knex: Knex) {}

  async create(input: ServerWrite & Required<Pick<ServerWrite, 'name' | 'protocol' | 'hostname' | 'port'>>): Promise<ServerRecord> {
    const [row] = await this.knex('servers').insert(columns(input)).returning('*');
    await this.setGroups((row as ServerRow).id, input.groupIds ?? []);
    return (await this.findById((row as ServerRow).id)) as ServerRecord;
  }

  async update(id: string, input: ServerWrite): Promise<ServerRecord | undefined> {
    const changes = columns(input);
    if (Object.keys(changes).length)
      await this.knex('servers')
        .where({ id })
        .update({ ...changes, updated_at: this.knex.fn.now() });
    if (input.groupIds) await this.setGroups(id, input.groupIds);
    return this.findById(id);
  }

  async delete(id: string): Promise<boolean> {
    return (await this.knex('servers').where({ id }).delete()) > 0;
  }

  async findById(id: string): Promise<ServerRecord | undefined> {
    const [record] = await this.withGroups(this.knex('servers').where('servers.id', id));
    return record;
  }

  /** Every server, or only those a user reaches through one of their groups. */
  list(filter: { visibleTo?: string }): Promise<ServerRecord[]> {
    const query = this.knex('servers').orderBy('name');
    if (filter.visibleTo) {
      query.whereExists(
        this.knex('server_groups as sg')
          .join('group_members as gm', 'gm.group_id', 'sg.group_id')
          .whereRaw('sg.server_id = servers.id')
          .where('gm.user_id', filter.visibleTo),
      );
    }
    return this.withGroups(query);
  }

  async userMayOpen(serverId: string, userId: string): Promise<boolean> {
    const row = await this.knex('server_groups as sg')
      .join('group_members as gm', 'gm.group_id', 'sg.group_id')
      .where({ 'sg.server_id': serverId, 'gm.user_id': userId })
      .first('sg.server_id');
    return row !== undefined;
  }

  private async setGroups(serverId: string, groupIds: string[]): Promise<void> {
    await this.knex('server_groups').where({ server_id: serverId }).delete();
    if (groupIds.length) await this.knex('server_groups').insert(groupIds.map((groupId) => ({ server_id: serverId, group_id: groupId })));
  }

  private async withGroups(query: Knex.QueryBuilder): Promise<ServerRecord[]> {
    const rows = (await query.select('servers.*')) as ServerRow[];
    const grants = rows.length
      ? await this.knex('server_groups').whereIn(
          'server_id',
          rows.map((row) => row.id),
        )
      : [];
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      protocol: row.protocol,
      hostname: row.hostname,
      port: row.port,
      credentialMode: row.credential_mode,
      settings: row.settings,
      groupIds: grants.filter((grant: { server_id: string }) => grant.server_id === row.id).map((grant: { group_id: string }) => grant.group_id),
      credentialsEncrypted: row.credentials_encrypted,
    }));
  }
}
