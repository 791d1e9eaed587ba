import { createGroupSchema, type CreateGroup, type GroupView } from '@atrium/contracts';
import { Button, Modal, NumberInput, Stack, Table, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client';
import { zodValidator } from '../forms/zod-validator';
import { AdminPage } from './AdminPage';
import { useAdminMutation } from './use-admin-mutation';

function GroupDialog({ group, onClose }: { group?: GroupView; onClose: () => void }) {
  const form = useForm<CreateGroup>({
    initialValues: { name: group?.name ?? '', description: group?.description ?? '', priority: group?.priority ?? 100 },
    validate: zodValidator(createGroupSchema),
  });
  const save = useAdminMutation({
    run: async (values: CreateGroup) => {
      if (group) await api.updateGroup(group.id, values);
      else await api.createGroup(values);
    },
    done: (values) => `Group ${values.name} saved.`,
    refresh: ['groups'],
    onDone: onClose,
  });
  return (
    <Modal opened onClose={onClose} title={group ? `Edit ${group.name}` : 'New group'} centered>
      <form onSubmit={form.onSubmit((values) => save.mutate(values))}>
        <Stack>
          <TextInput label="Name" required {...form.getInputProps('name')} />
          <TextInput label="Description" {...form.getInputProps('description')} />
          <NumberInput
            label="Priority"
            description="Where two groups set the same setting, the lower number decides"
            min={1}
            max={4096}
            {...form.getInputProps('priority')}
          />
          <Button type="submit" loading={save.isPending}>
            Save
          </Button>
        </Stack>
      </form>
    </Modal>
  );
}

/** Groups: what they are for, their priority and how many members they have (members are set on the users page). */
export function GroupsPage() {
  const groups = useQuery({ queryKey: ['groups'], queryFn: api.groups });
  const [editing, setEditing] = useState<GroupView | 'new'>();
  return (
    <AdminPage
      title="Groups"
      intro="Groups grant servers and carry the settings that govern their members' sessions."
      action={<Button onClick={() => setEditing('new')}>New group</Button>}
      loading={groups.isPending}
      error={groups.error}
    >
      <Table.ScrollContainer minWidth={560}>
        <Table striped verticalSpacing="sm" aria-label="Groups">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Priority</Table.Th>
              <Table.Th>Members</Table.Th>
              <Table.Th>Settings</Table.Th>
              <Table.Th>Actions</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(groups.data ?? []).map((group) => (
              <Table.Tr key={group.id}>
                <Table.Td fw={500}>
                  {group.name}
                  <div style={{ fontSize: 12, opacity: 0.7 }}>{group.description}</div>
                </Table.Td>
                <Table.Td>{group.priority}</Table.Td>
                <Table.Td>{group.userIds.length}</Table.Td>
                <Table.Td>{Object.keys(group.settings).length || 'defaults'}</Table.Td>
                <Table.Td>
                  <Button size="xs" variant="light" onClick={() => setEditing(group)}>
                    Edit
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {editing && <GroupDialog group={editing === 'new' ? undefined : editing} onClose={() => setEditing(undefined)} />}
    </AdminPage>
  );
}
