import { createWorkspaceSchema, type Workspace } from '@atrium/contracts';
import { Badge, Button, Code, Fieldset, Group, Image, Modal, NumberInput, Select, Stack, Switch, TagsInput, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client';
import { DataTable } from '../components/DataTable';
import { zodValidator } from '../forms/zod-validator';
import { AdminPage } from './AdminPage';
import { useAdminMutation } from './use-admin-mutation';
import { emptyWorkspaceForm, workspaceFormOf, workspaceInputOf, type WorkspaceForm } from './workspace-form';

function WorkspaceDialog({ workspace, onClose }: { workspace?: Workspace; onClose: () => void }) {
  const form = useForm<WorkspaceForm>({
    initialValues: workspace ? workspaceFormOf(workspace) : emptyWorkspaceForm,
    validate: (values) => zodValidator(createWorkspaceSchema)(workspaceInputOf(values)),
  });
  const save = useAdminMutation({
    run: (values: WorkspaceForm) => {
      const input = createWorkspaceSchema.parse(workspaceInputOf(values));
      return workspace ? api.updateWorkspace(workspace.id, input) : api.createWorkspace(input);
    },
    done: (values) => `Workspace ${values.name} saved.`,
    refresh: ['workspaces'],
    onDone: onClose,
  });
  const egress = form.getValues().egress;
  return (
    <Modal opened onClose={onClose} title={workspace ? `Edit ${workspace.name}` : 'New workspace'} centered size="lg">
      <form onSubmit={form.onSubmit((values) => save.mutate(values))}>
        <Stack>
          <Group grow>
            <TextInput label="Name" description="Lowercase letters, digits and dashes" required {...form.getInputProps('name')} />
            <TextInput label="Friendly name" description="What the launcher shows" {...form.getInputProps('friendlyName')} />
          </Group>
          <Textarea label="Description" {...form.getInputProps('description')} />
          <Group grow>
            <TagsInput label="Categories" description="Enter after each" {...form.getInputProps('categories')} />
            <TextInput label="Icon URL" description="A path on this site, an https URL or a data: image" {...form.getInputProps('iconUrl')} />
          </Group>
          <TextInput
            label="Image"
            description="Any image on the agent's Docker engine (or pullable) that follows docs/workspace-images.md"
            placeholder="atrium/workspace-terminal:dev"
            required
            {...form.getInputProps('image')}
          />
          <Group grow align="flex-start">
            <Textarea
              label="Launch command"
              description="One argument per line; empty: the image's own"
              autosize
              minRows={2}
              {...form.getInputProps('launchCommand')}
            />
            <Textarea
              label="Run config (JSON)"
              description="hostname, shm_size, environment, working_dir"
              autosize
              minRows={2}
              styles={{ input: { fontFamily: 'monospace' } }}
              {...form.getInputProps('runConfig')}
            />
          </Group>
          <Group grow>
            <NumberInput label="Cores" min={0.25} step={0.25} decimalScale={2} {...form.getInputProps('cores')} />
            <NumberInput label="Memory (MiB)" min={128} step={128} {...form.getInputProps('memoryMb')} />
            <TextInput label="Screen" description="WIDTHxHEIGHT at start" {...form.getInputProps('defaultResolution')} />
          </Group>
          <Group grow align="flex-start">
            <Select
              label="Network"
              allowDeselect={false}
              data={[
                { value: 'internet', label: 'Internet (isolated bridge)' },
                { value: 'none', label: 'None' },
                { value: 'network', label: 'A Docker network…' },
              ]}
              {...form.getInputProps('egress')}
            />
            {egress === 'network' && <TextInput label="Docker network" required {...form.getInputProps('egressNetwork')} />}
          </Group>
          <Fieldset legend="Browser (Chromium and Firefox policies)">
            <Stack gap="xs">
              <TextInput label="Homepage" placeholder="https://" {...form.getInputProps('homepage')} />
              <Group grow align="flex-start">
                <Textarea label="Allowed URLs" description="One pattern per line" autosize minRows={2} {...form.getInputProps('urlAllowlist')} />
                <Textarea
                  label="Denied URLs"
                  description="One pattern per line; * denies all else"
                  autosize
                  minRows={2}
                  {...form.getInputProps('urlBlocklist')}
                />
              </Group>
              <Switch label="Kiosk (full screen, no address bar)" {...form.getInputProps('kiosk', { type: 'checkbox' })} />
              <Switch label="Browser sandbox (user namespaces)" {...form.getInputProps('userNamespaces', { type: 'checkbox' })} />
            </Stack>
          </Fieldset>
          <Group grow align="flex-end">
            <Switch label="Persistent profiles (each user's home is kept)" {...form.getInputProps('persistentProfile', { type: 'checkbox' })} />
            <NumberInput
              label="Profile size (MiB)"
              min={64}
              max={16384}
              step={64}
              disabled={!form.getValues().persistentProfile}
              {...form.getInputProps('profileSizeMb')}
            />
          </Group>
          <NumberInput
            label="Ready containers kept warm"
            description="Not with persistent profiles: a staged container has no user yet"
            min={0}
            max={50}
            {...form.getInputProps('stagingSize')}
          />
          <Switch label="Enabled (shown in the launcher)" {...form.getInputProps('enabled', { type: 'checkbox' })} />
          {form.errors.form && (
            <Text c="red" size="sm">
              {form.errors.form}
            </Text>
          )}
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
      intro="Container images users launch as ephemeral desktops: Atrium's own, or any image that follows the workspace image contract."
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
          {
            header: 'Name',
            cell: (workspace) => (
              <Group gap="xs" wrap="nowrap">
                {workspace.iconUrl && <Image src={workspace.iconUrl} alt="" w={24} h={24} fit="contain" />}
                <div>
                  <Text fw={500}>{workspace.friendlyName}</Text>
                  <Text size="xs" c="dimmed">
                    {workspace.name}
                    {workspace.categories.length > 0 && ` · ${workspace.categories.join(', ')}`}
                  </Text>
                </div>
              </Group>
            ),
          },
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
