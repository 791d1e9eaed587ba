import type { CreateDirectory, DirectoryTest, DirectoryView } from '@atrium/contracts';
import { Alert, Badge, Button, Group, Modal, PasswordInput, Stack, Switch, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { sentenceOf } from '../api/api-error';
import { api } from '../api/client';
import { ConfirmButton } from '../components/ConfirmButton';
import { DataTable } from '../components/DataTable';
import { AdminPage } from './AdminPage';
import { GroupMappingsField } from './GroupMappingsField';
import { useAdminMutation } from './use-admin-mutation';

type DirectoryForm = Omit<CreateDirectory, 'caCertificate'> & { caCertificate: string };

const blank: DirectoryForm = {
  name: '',
  url: 'ldaps://',
  startTls: false,
  caCertificate: '',
  bindDn: '',
  bindPassword: '',
  userBaseDn: '',
  userFilter: '(uid={username})',
  groupBaseDn: '',
  groupFilter: '(&(objectClass=groupOfNames)(member={dn}))',
  groupMappings: [],
  createUsers: true,
  enabled: true,
};

/** The service account's password is write-only: empty when editing keeps the stored one. */
function toRequest(values: DirectoryForm): Partial<CreateDirectory> {
  const { bindPassword, caCertificate, ...rest } = values;
  return { ...rest, caCertificate: caCertificate.trim() || null, ...(bindPassword && { bindPassword }) };
}

function DirectoryDialog({ directory, onClose }: { directory?: DirectoryView; onClose(): void }) {
  const form = useForm<DirectoryForm>({
    initialValues: directory ? { ...blank, ...directory, caCertificate: directory.caCertificate ?? '', bindPassword: '' } : blank,
  });
  const save = useAdminMutation({
    run: (values: DirectoryForm) =>
      directory ? api.updateDirectory(directory.id, toRequest(values)) : api.createDirectory(toRequest(values) as CreateDirectory),
    done: (values) => `Directory ${values.name} saved.`,
    refresh: ['directories'],
    onDone: onClose,
  });
  return (
    <Modal opened onClose={onClose} title={directory ? `Edit ${directory.name}` : 'New directory'} size="lg" centered>
      <form onSubmit={form.onSubmit((values) => save.mutate(values))}>
        <Stack>
          <Group grow>
            <TextInput label="Name" required {...form.getInputProps('name')} />
            <TextInput label="URL" description="ldaps://host, or ldap://host with StartTLS" required {...form.getInputProps('url')} />
          </Group>
          <Switch label="StartTLS (for ldap://)" {...form.getInputProps('startTls', { type: 'checkbox' })} />
          <Textarea
            label="CA certificate (PEM)"
            description="Empty: the system's CAs"
            autosize
            minRows={2}
            maxRows={6}
            {...form.getInputProps('caCertificate')}
          />
          <Group grow>
            <TextInput label="Service account DN" required {...form.getInputProps('bindDn')} />
            <PasswordInput
              label="Service account password"
              autoComplete="new-password"
              placeholder={directory ? 'unchanged' : ''}
              {...form.getInputProps('bindPassword')}
            />
          </Group>
          <Group grow>
            <TextInput label="People under" required {...form.getInputProps('userBaseDn')} />
            <TextInput label="Person filter" {...form.getInputProps('userFilter')} />
          </Group>
          <Group grow>
            <TextInput label="Groups under" required {...form.getInputProps('groupBaseDn')} />
            <TextInput label="Group filter" {...form.getInputProps('groupFilter')} />
          </Group>
          <GroupMappingsField
            form={form}
            heading="Directory groups that make people members of Atrium groups (at each sign-in)"
            sourceLabel="Directory group DN"
            sourceField="ldapGroup"
          />
          <Group>
            <Switch label="Create people at their first sign-in" {...form.getInputProps('createUsers', { type: 'checkbox' })} />
            <Switch label="Enabled" {...form.getInputProps('enabled', { type: 'checkbox' })} />
          </Group>
          <Button type="submit" loading={save.isPending}>
            Save
          </Button>
        </Stack>
      </form>
    </Modal>
  );
}

/** The connection test's answer under the directory's row. */
function TestButton({ directory }: { directory: DirectoryView }) {
  const [result, setResult] = useState<DirectoryTest>();
  const test = useMutation({ mutationFn: () => api.testDirectory(directory.id), onSuccess: setResult });
  return (
    <Stack gap={4}>
      <Button size="xs" variant="light" loading={test.isPending} onClick={() => test.mutate()}>
        Test
      </Button>
      {test.isError && <Alert color="red">{sentenceOf(test.error)}</Alert>}
      {result && (
        <Text size="xs" c={result.ok ? 'teal' : 'red'} role="status" data-testid={`directory-test-${directory.name}`}>
          {result.ok ? '✓ ' : '✗ '}
          {result.detail}
        </Text>
      )}
    </Stack>
  );
}

/** LDAP and Active Directory: where people sign in with their directory password, and which groups that brings. */
export function DirectoriesPage() {
  const directories = useQuery({ queryKey: ['directories'], queryFn: api.directories });
  const [editing, setEditing] = useState<DirectoryView | 'new'>();
  const remove = useAdminMutation({
    run: (directory: DirectoryView) => api.deleteDirectory(directory.id),
    done: (directory) => `Directory ${directory.name} removed.`,
    refresh: ['directories'],
  });
  return (
    <AdminPage
      title="Directories"
      intro="LDAP or Active Directory, over LDAPS or StartTLS with the certificate checked. The service account's password is never shown again."
      action={<Button onClick={() => setEditing('new')}>New directory</Button>}
      loading={directories.isPending}
      error={directories.error}
    >
      <DataTable
        label="Directories"
        minWidth={760}
        rows={directories.data ?? []}
        rowKey={(directory) => directory.id}
        rowAttributes={(directory) => ({ 'data-directory': directory.name })}
        columns={[
          { header: 'Name', cell: (directory) => <Text fw={500}>{directory.name}</Text> },
          {
            header: 'Address',
            cell: (directory) => (
              <>
                <Badge variant="light" mr="xs">
                  {directory.url.startsWith('ldaps://') ? 'LDAPS' : 'StartTLS'}
                </Badge>
                {directory.url}
              </>
            ),
          },
          { header: 'Group mappings', cell: (directory) => String(directory.groupMappings.length) },
          { header: 'State', cell: (directory) => (directory.enabled ? 'enabled' : 'disabled') },
          { header: 'Connection', cell: (directory) => <TestButton directory={directory} /> },
          {
            header: 'Actions',
            cell: (directory) => (
              <Group gap="xs" wrap="nowrap">
                <Button size="xs" variant="light" onClick={() => setEditing(directory)}>
                  Edit
                </Button>
                <ConfirmButton
                  title={`Remove ${directory.name}?`}
                  consequence="Its people can no longer sign in with their directory password."
                  confirmLabel="Remove directory"
                  onConfirm={() => remove.mutate(directory)}
                >
                  Remove
                </ConfirmButton>
              </Group>
            ),
          },
        ]}
      />
      {editing && <DirectoryDialog directory={editing === 'new' ? undefined : editing} onClose={() => setEditing(undefined)} />}
    </AdminPage>
  );
}
