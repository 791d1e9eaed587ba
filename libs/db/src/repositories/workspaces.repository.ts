import type { CreateWorkspace, UpdateWorkspace, Workspace, WorkspaceEgress } from '@atrium/contracts';
import type { Knex } from 'knex';
import { columnsOf } from './columns';

interface WorkspaceRow {
  id: string;
  name: string;
  description: string;
  image: string;
  cores: string;
  memory_mb: number;
  enabled: boolean;
  default_resolution: string;
  egress: WorkspaceEgress;
  cpu_hard_limit: boolean;
  staging_size: number;
}

const toWorkspace = (row: WorkspaceRow): Workspace => ({
  id: row.id,
  name: row.name,
  description: row.description,
  image: row.image,
  cores: Number(row.cores),
  memoryMb: row.memory_mb,
  enabled: row.enabled,
  defaultResolution: row.default_resolution,
  egress: row.egress,
  cpuHardLimit: row.cpu_hard_limit,
  stagingSize: row.staging_size,
});

const toColumns = (input: UpdateWorkspace) =>
  columnsOf(input, {
    name: 'name',
    description: 'description',
    image: 'image',
    cores: 'cores',
    memoryMb: 'memory_mb',
    enabled: 'enabled',
    defaultResolution: 'default_resolution',
    egress: 'egress',
    cpuHardLimit: 'cpu_hard_limit',
    stagingSize: 'staging_size',
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
