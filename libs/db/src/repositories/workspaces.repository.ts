import type { BrowserSettings, CreateWorkspace, RunConfig, UpdateWorkspace, Workspace, WorkspaceEgress } from '@atrium/contracts';
import type { Knex } from 'knex';
import { columnsOf } from './columns';

interface WorkspaceRow {
  id: string;
  name: string;
  friendly_name: string;
  description: string;
  categories: string[];
  icon_url: string | null;
  image: string;
  launch_command: string[] | null;
  run_config: RunConfig;
  browser_settings: Partial<BrowserSettings>;
  user_namespaces: boolean;
  cores: string;
  memory_mb: number;
  enabled: boolean;
  default_resolution: string;
  egress: WorkspaceEgress;
  egress_network: string | null;
  cpu_hard_limit: boolean;
  staging_size: number;
  persistent_profile: boolean;
  profile_size_mb: number;
}

const toWorkspace = (row: WorkspaceRow): Workspace => ({
  id: row.id,
  name: row.name,
  friendlyName: row.friendly_name || row.name,
  description: row.description,
  categories: row.categories,
  iconUrl: row.icon_url,
  image: row.image,
  launchCommand: row.launch_command,
  runConfig: row.run_config,
  browser: { homepage: null, kiosk: false, urlAllowlist: [], urlBlocklist: [], ...row.browser_settings },
  userNamespaces: row.user_namespaces,
  cores: Number(row.cores),
  memoryMb: row.memory_mb,
  enabled: row.enabled,
  defaultResolution: row.default_resolution,
  egress: row.egress,
  egressNetwork: row.egress_network,
  cpuHardLimit: row.cpu_hard_limit,
  stagingSize: row.staging_size,
  persistentProfile: row.persistent_profile,
  profileSizeMb: row.profile_size_mb,
});

const json = (value: unknown) => JSON.stringify(value);

const toColumns = (input: UpdateWorkspace) =>
  columnsOf(input, {
    name: 'name',
    friendlyName: 'friendly_name',
    description: 'description',
    categories: 'categories',
    iconUrl: 'icon_url',
    image: 'image',
    launchCommand: { column: 'launch_command', encode: json },
    runConfig: { column: 'run_config', encode: json },
    browser: { column: 'browser_settings', encode: json },
    userNamespaces: 'user_namespaces',
    cores: 'cores',
    memoryMb: 'memory_mb',
    enabled: 'enabled',
    defaultResolution: 'default_resolution',
    egress: 'egress',
    egressNetwork: 'egress_network',
    cpuHardLimit: 'cpu_hard_limit',
    stagingSize: 'staging_size',
    persistentProfile: 'persistent_profile',
    profileSizeMb: 'profile_size_mb',
  });

export class WorkspacesRepository {
  constructor(private readonly knex: Knex) {}

  async list(filter: { enabledOnly: boolean }): Promise<Workspace[]> {
    const query = this.knex<WorkspaceRow>('workspaces').orderBy('name');
    if (filter.enabledOnly) query.where({ enabled: true });
    return (await query).map(toWorkspace);
  }

  async findById(id: string): Promise<Workspace | undefined> {
    const row = await this.knex<WorkspaceRow>('workspaces').where({ id }).first();
    return row && toWorkspace(row);
  }

  async create(input: CreateWorkspace): Promise<Workspace> {
    const [row] = await this.knex('workspaces').insert(toColumns(input)).returning('*');
    return toWorkspace(row as WorkspaceRow);
  }

  async update(id: string, input: UpdateWorkspace): Promise<Workspace | undefined> {
    const [row] = await this.knex('workspaces')
      .where({ id })
      .update({ ...toColumns(input), updated_at: this.knex.fn.now() })
      .returning('*');
    return row && toWorkspace(row as WorkspaceRow);
  }
}
