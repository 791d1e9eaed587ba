import type { CreateServer, ServerProtocol, ServerView } from '@atrium/contracts';
import { Badge, Button, Group, Modal, MultiSelect, NumberInput, PasswordInput, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client';
import { ConfirmButton } from '../components/ConfirmButton';
import { DataTable } from '../components/DataTable';
import { AdminPage } from './AdminPage';
import { useAdminMutation } from './use-admin-mutation';

const DEFAULT_PORTS: Record<ServerProtocol, number> = { rdp: 3389, vnc: 5900, ssh: 22 };

interface ServerForm {
  name: string;
  protocol: ServerProtocol;
  hostname: string;
  port: number;
  mode: 'static' | 'prompt';
  username: string;
  password: string;
  groupIds: string[];
}

/**
 * Credentials are write-only: the API never returns them, so editing shows empty fields, and leaving them empty
 * keeps what is stored.
 */
function toRequest(values: ServerForm, editing: boolean): Partial<CreateServer> {
  const keepCredentials = editing && values.mode === 'static' && !values.username && !values.password;
  return {
    name: values.name,
    protocol: values.protocol,
    hostname: values.hostname,
    port: values.port,
    groupIds: values.groupIds,
    ...(!keepCredentials && {
      credentials: values.mode === 'prompt' ? { mode: 'prompt' as const } : { mode: 'static' as const, username: values.username, password: values.password },
    }),
  };
}

function ServerDialog({ server, onClose }: { server?: ServerView; onClose: () => void }) {
  const groups = useQuery({ queryKey: ['groups'], queryFn: api.groups });
  const form = useForm<ServerForm>({
    initialValues: {
      name: server?.name ?? '',
      protocol: server?.protocol ?? 'rdp',
      hostname: server?.hostname ?? '',
      port: server?.port ?? 3389,
      mode: server?.credentialMode ?? 'static',
      username: '',
      password: '',
      groupIds: server?.groupIds ?? [],
    },
  });
  const save = useAdminMutation({
    run: (values: ServerForm) => (server ? api.updateServer(server.id, toRequest(values, true)) : api.createServer(toRequest(values, false) as CreateServer)),
    done: (values) => `Server ${values.name} saved.`,
    refresh: ['servers'],
    onDone: onClose,
  });
  return (
    <Modal opened onClose={onClose} title={server ? `Edit ${server.name}` : 'New server'} centered>
      <form onSubmit={form.onSubmit((values) => save.mutate(values))}>
        <Stack>
          <TextInput label="Name" required {...form.getInputProps('name')} />
          <Select
            label="Protocol"
            data={['rdp', 'vnc', 'ssh'].map((value) => ({ value, label: value.toUpperCase() }))}
            allowDeselect={false}
            {...form.getInputProps('protocol')}
            onChange={(value) => {
              form.setFieldValue('protocol', value as ServerProtocol);
              form.setFieldValue('port', DEFAULT_PORTS[value as ServerProtocol]);
            }}
          />
          <Group grow>
            <TextInput label="Host" required {...form.getInputProps('hostname')} />
            <NumberInput label="Port" min={1} max={65535} {...form.getInputProps('port')} />
          </Group>
          <SegmentedControl
            data={[
              { value: 'static', label: 'Stored credentials' },
              { value: 'prompt', label: 'Ask at connect' },
            ]}
            {...form.getInputProps('mode')}
          />
          {form.values.mode === 'static' && (
            <Group grow>
              <TextInput label="Username" autoComplete="off" placeholder={server ? 'unchanged' : ''} {...form.getInputProps('username')} />
              <PasswordInput label="Password" autoComplete="new-password" placeholder={server ? 'unchanged' : ''} {...form.getInputProps('password')} />
            </Group>
          )}
          <MultiSelect
            label="Groups that may open it"
            data={(groups.data ?? []).map((group) => ({ value: group.id, label: group.name }))}
            {...form.getInputProps('groupIds')}
          />
          <Button type="submit" loading={save.isPending}>
            Save
          </Button>
        </Stack>
      </form>
    </Modal>
  );
}

/** Remote systems reached through the connection proxy, and the groups that may open them. */
export function ServersPage() {
  const servers = useQuery({ queryKey: ['servers'], queryFn: api.servers });
  const groups = useQuery({ queryKey: ['groups'], queryFn: api.groups });
  const [editing, setEditing] = useState<ServerView | 'new'>();
  const remove = useAdminMutation({
    run: (server: ServerView) => api.deleteServer(server.id),
    done: (server) => `Server ${server.name} deleted.`,
    refresh: ['servers'],
  });
  const groupName = (id: string) => groups.data?.find((group) => group.id === id)?.name ?? 'a removed group';
  return (
    <AdminPage
      title="Servers"
      intro="Existing machines users open over RDP, VNC or SSH. Stored credentials are never shown again."
      action={<Button onClick={() => setEditing('new')}>New server</Button>}
      loading={servers.isPending}
      error={servers.error}
    >
      <DataTable
        label="Servers"
        minWidth={720}
        rows={servers.data ?? []}
        rowKey={(server) => server.id}
        columns={[
          { header: 'Name', cell: (server) => <Text fw={500}>{server.name}</Text> },
          {
            header: 'Address',
            cell: (server) => (
              <>
                <Badge variant="light" mr="xs">
                  {server.protocol}
                </Badge>
                {server.hostname}:{server.port}
              </>
            ),
          },
          { header: 'Credentials', cell: (server) => (server.credentialMode === 'prompt' ? 'asked at connect' : 'stored') },
          { header: 'Groups', cell: (server) => server.groupIds.map(groupName).join(', ') || '–' },
          {
            header: 'Actions',
            cell: (server) => (
              <Group gap="xs" wrap="nowrap">
                <Button size="xs" variant="light" onClick={() => setEditing(server)}>
                  Edit
                </Button>
                <ConfirmButton
                  title={`Delete ${server.name}?`}
                  consequence="Users can no longer open it; its stored credentials are erased."
                  confirmLabel="Delete server"
                  onConfirm={() => remove.mutate(server)}
                >
                  Delete
                </ConfirmButton>
              </Group>
            ),
          },
        ]}
      />
      {editing && <ServerDialog server={editing === 'new' ? undefined : editing} onClose={() => setEditing(undefined)} />}
    </AdminPage>
  );
}
