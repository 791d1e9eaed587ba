import { createGroupSchema, type CreateGroup, type GroupView } from '@atrium/contracts';
import { Button, Group, Modal, NumberInput, SegmentedControl, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client';
import { DataTable } from '../components/DataTable';
import { zodValidator } from '../forms/zod-validator';
import { AdminPage } from './AdminPage';
import { formFromSettings, NUMBER_SETTINGS, settingsFromForm, SWITCH_SETTINGS, type SettingsForm } from './group-settings-form';
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

/** A group's policy: each setting is set here or left to the user's other groups and the platform's defaults. */
function SettingsDialog({ group, onClose }: { group: GroupView; onClose: () => void }) {
  const form = useForm<SettingsForm>({ initialValues: formFromSettings(group.settings) });
  const save = useAdminMutation({
    run: (values: SettingsForm) => api.setGroupSettings(group.id, settingsFromForm(values, group.settings)),
    done: () => `Settings of ${group.name} saved.`,
    refresh: ['groups'],
    onDone: onClose,
  });
  return (
    <Modal opened onClose={onClose} title={`Settings of ${group.name}`} size="lg" centered>
      <form onSubmit={form.onSubmit((values) => save.mutate(values))}>
        <Stack>
          <Text size="sm" c="dimmed">
            Empty or “inherit”: the user's other groups decide (lower priority number first), then the platform's defaults.
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {NUMBER_SETTINGS.map((setting) => (
              <NumberInput
                key={setting.key}
                label={setting.label}
                suffix={setting.unit && ` ${setting.unit}`}
                placeholder="inherit"
                min={0}
                allowDecimal={false}
                {...form.getInputProps(setting.key)}
              />
            ))}
          </SimpleGrid>
          {SWITCH_SETTINGS.map((setting) => (
            <Group key={setting.key} justify="space-between" wrap="nowrap">
              <Text size="sm">{setting.label}</Text>
              <SegmentedControl
                size="xs"
                aria-label={setting.label}
                data={[
                  { value: 'inherit', label: 'Inherit' },
                  { value: 'allow', label: 'Allow' },
                  { value: 'deny', label: 'Deny' },
                ]}
                {...form.getInputProps(setting.key)}
              />
            </Group>
          ))}
          <Button type="submit" loading={save.isPending}>
            Save settings
          </Button>
        </Stack>
      </form>
    </Modal>
  );
}

/** Groups: what they are for, their priority, members (set on the users page) and the settings they decide. */
export function GroupsPage() {
  const groups = useQuery({ queryKey: ['groups'], queryFn: api.groups });
  const [editing, setEditing] = useState<GroupView | 'new'>();
  const [configuring, setConfiguring] = useState<GroupView>();
  return (
    <AdminPage
      title="Groups"
      intro="Groups grant servers and carry the settings that govern their members' sessions."
      action={<Button onClick={() => setEditing('new')}>New group</Button>}
      loading={groups.isPending}
      error={groups.error}
    >
      <DataTable
        label="Groups"
        minWidth={560}
        rows={groups.data ?? []}
        rowKey={(group) => group.id}
        columns={[
          {
            header: 'Name',
            cell: (group) => (
              <>
                <Text fw={500}>{group.name}</Text>
                <Text size="xs" c="dimmed">
                  {group.description}
                </Text>
              </>
            ),
          },
          { header: 'Priority', cell: (group) => group.priority },
          { header: 'Members', cell: (group) => group.userIds.length },
          { header: 'Settings', cell: (group) => Object.keys(group.settings).length || 'defaults' },
          {
            header: 'Actions',
            cell: (group) => (
              <Group gap="xs" wrap="nowrap">
                <Button size="xs" variant="light" onClick={() => setEditing(group)}>
                  Edit
                </Button>
                <Button size="xs" variant="subtle" onClick={() => setConfiguring(group)}>
                  Settings
                </Button>
              </Group>
            ),
          },
        ]}
      />
      {editing && <GroupDialog group={editing === 'new' ? undefined : editing} onClose={() => setEditing(undefined)} />}
      {configuring && <SettingsDialog group={configuring} onClose={() => setConfiguring(undefined)} />}
    </AdminPage>
  );
}
