import { createWorkspaceSchema, type CreateWorkspace, type Workspace } from '@atrium/contracts';
import { Badge, Button, Code, Group, Modal, NumberInput, Stack, Switch, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client';
import { DataTable } from '../components/DataTable';
import { zodValidator } from '../forms/zod-validator';
import { AdminPage } from './AdminPage';
import { useAdminMutation } from './use-admin-mutation';

/** What the dialog edits; the rest keeps its default (or its current value when editing). */
type WorkspaceForm = Pick<CreateWorkspace, 'name' | 'description' | 'image' | 'cores' | 'memoryMb' | 'stagingSize' | 'enabled'>;

function WorkspaceDialog({ workspace, onClose }: { workspace?: Workspace; onClose: () => void }) {
  const form = useForm<WorkspaceForm>({
    initialValues: workspace
      ? {
          name: workspace.name,
          description: workspace.description,
          image: workspace.image,
          cores: workspace.cores,
          memoryMb: workspace.memoryMb,
          stagingSize: workspace.stagingSize,
          enabled: workspace.enabled,
        }
      : { name: '', description: '', image: '', cores: 1, memoryMb: 1024, stagingSize: 0, enabled: true },
    validate: zodValidator(
      createWorkspaceSchema.pick({ name: true, description: true, image: true, cores: true, memoryMb: true, stagingSize: true, enabled: true }),
    ),
  });
  const save = useAdminMutation({
    run: (values: WorkspaceForm) => (workspace ? api.updateWorkspace(workspace.id, values) : api.createWorkspace(createWorkspaceSchema.parse(values))),
    done: (values) => `Workspace ${values.name} saved.`,
    refresh: ['workspaces'],
    onDone: onClose,
  });
  return (
    <Modal opened onClose={onClose} title={workspace ? `Edit ${workspace.name}` : 'New workspace'} centered>
      <form onSubmit={form.onSubmit((values) => save.mutate(values))}>
        <Stack>
          <TextInput label="Name" description="Lowercase letters, digits and dashes" required {...form.getInputProps('name')} />
          <Textarea label="Description" {...form.getInputProps('description')} />
          <TextInput label="Image" placeholder="atrium/workspace-terminal:dev" required {...form.getInputProps('image')} />
          <Group grow>
            <NumberInput label="Cores" min={0.25} step={0.25} decimalScale={2} {...form.getInputProps('cores')} />
            <NumberInput label="Memory (MiB)" min={128} step={128} {...form.getInputProps('memoryMb')} />
          </Group>
          <NumberInput label="Ready containers kept warm" min={0} max={50} {...form.getInputProps('stagingSize')} />
          <Switch label="Enabled (shown in the launcher)" {...form.getInputProps('enabled', { type: 'checkbox' })} />
          <Button type="submit" loading={save.isPending}>
            Save
          </Button>
        </Stack>
      </form>
    </Modal>
  );
}

/** The workspaces catalog: images, sizes, staging pools, and whether users see them. */
export function WorkspacesPage() {
  const workspaces = useQuery({ queryKey: ['workspaces'], queryFn: api.workspaces });
  const [editing, setEditing] = useState<Workspace | 'new'>();
  const toggle = useAdminMutation({
    run: (workspace: Workspace) => api.updateWorkspace(workspace.id, { enabled: !workspace.enabled }),
    done: (workspace) => `Workspace ${workspace.name} ${workspace.enabled ? 'disabled' : 'enabled'}.`,
    refresh: ['workspaces'],
  });
  return (
    <AdminPage
      title="Workspaces"
      intro="Container images users launch as ephemeral desktops."
      action={<Button onClick={() => setEditing('new')}>New workspace</Button>}
      loading={workspaces.isPending}
      error={workspaces.error}
    >
      <DataTable
        label="Workspaces"
        minWidth={720}
        rows={workspaces.data ?? []}
        rowKey={(workspace) => workspace.id}
        columns={[
          { header: 'Name', cell: (workspace) => <Text fw={500}>{workspace.name}</Text> },
          { header: 'Image', cell: (workspace) => <Code>{workspace.image}</Code> },
          { header: 'Size', cell: (workspace) => `${workspace.cores} cores, ${workspace.memoryMb} MiB` },
          { header: 'Warm', cell: (workspace) => workspace.stagingSize },
          {
            header: 'Status',
            cell: (workspace) => (
              <Badge color={workspace.enabled ? 'teal' : 'gray'} variant="light">
                {workspace.enabled ? 'enabled' : 'disabled'}
              </Badge>
            ),
          },
          {
            header: 'Actions',
            cell: (workspace) => (
              <Group gap="xs" wrap="nowrap">
                <Button size="xs" variant="light" onClick={() => setEditing(workspace)}>
                  Edit
                </Button>
                <Button size="xs" variant="subtle" onClick={() => toggle.mutate(workspace)}>
                  {workspace.enabled ? 'Disable' : 'Enable'}
                </Button>
              </Group>
            ),
          },
        ]}
      />
      {editing && <WorkspaceDialog workspace={editing === 'new' ? undefined : editing} onClose={() => setEditing(undefined)} />}
    </AdminPage>
  );
}
