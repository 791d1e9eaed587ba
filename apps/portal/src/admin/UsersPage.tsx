import { createUserSchema, type CreateUser, type GroupView, type UpdateUser, type UserProfile, type UserView } from '@atrium/contracts';
import { Badge, Button, Group, Modal, MultiSelect, PasswordInput, Select, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client';
import { useCurrentUser } from '../auth/current-user';
import { ConfirmButton } from '../components/ConfirmButton';
import { ProfilesSection } from '../sessions/ProfilesSection';
import { DataTable } from '../components/DataTable';
import { ageOf } from '../format/durations';
import { zodValidator } from '../forms/zod-validator';
import { AdminPage } from './AdminPage';
import { useAdminMutation } from './use-admin-mutation';

function NewUserDialog({ onClose }: { onClose: () => void }) {
  const form = useForm<CreateUser>({ initialValues: { username: '', password: '', role: 'user' }, validate: zodValidator(createUserSchema) });
  const create = useAdminMutation({ run: api.createUser, done: (input) => `User ${input.username} created.`, refresh: ['users'], onDone: onClose });
  return (
    <Modal opened onClose={onClose} title="New user" centered>
      <form onSubmit={form.onSubmit((values) => create.mutate(values))}>
        <Stack>
          <TextInput label="Username" name="new-username" autoComplete="off" required {...form.getInputProps('username')} />
          <PasswordInput
            label="Password"
            name="new-password"
            autoComplete="new-password"
            description="At least 12 characters"
            required
            {...form.getInputProps('password')}
          />
          <Select
            label="Role"
            data={[
              { value: 'user', label: 'User' },
              { value: 'admin', label: 'Administrator' },
            ]}
            allowDeselect={false}
            {...form.getInputProps('role')}
          />
          <Button type="submit" loading={create.isPending}>
            Create user
          </Button>
        </Stack>
      </form>
    </Modal>
  );
}

/** The profile fields an administrator edits, as the form holds them. */
const PROFILE_FIELDS: { field: keyof UserProfile; label: string }[] = [
  { field: 'firstName', label: 'First name' },
  { field: 'lastName', label: 'Last name' },
  { field: 'organization', label: 'Organisation' },
  { field: 'phone', label: 'Phone' },
];

/** Only what changed: a user edited elsewhere meanwhile (an integration) keeps what this dialog did not touch. */
function changesOf(user: UserView, edited: { disabled: boolean; locked: boolean; profile: UserProfile }): UpdateUser {
  const profile = Object.fromEntries(
    PROFILE_FIELDS.flatMap(({ field }) => (edited.profile[field] === user.profile[field] ? [] : [[field, edited.profile[field]]])),
  );
  return {
    ...(edited.disabled !== user.disabled && { disabled: edited.disabled }),
    ...(edited.locked !== user.locked && { locked: edited.locked }),
    ...(Object.keys(profile).length > 0 && { profile }),
  };
}

function EditUserDialog({ user, groups, memberOf, onClose }: { user: UserView; groups: GroupView[]; memberOf: string[]; onClose: () => void }) {
  const [disabled, setDisabled] = useState(user.disabled);
  const [locked, setLocked] = useState(user.locked);
  const [profile, setProfile] = useState<UserProfile>(user.profile);
  const [groupIds, setGroupIds] = useState(memberOf);
  const [password, setPassword] = useState('');
  const save = useAdminMutation({
    run: async () => {
      const changes = changesOf(user, { disabled, locked, profile });
      if (Object.keys(changes).length > 0) await api.updateUser(user.id, changes);
      await api.setUserGroups(user.id, groupIds);
      if (password) await api.resetPassword(user.id, password);
    },
    done: () => `User ${user.username} saved.`,
    refresh: ['users', 'groups'],
    onDone: onClose,
  });
  const signOut = useAdminMutation({ run: () => api.signOutUser(user.id), done: () => `${user.username} was signed out everywhere.`, refresh: [] });
  const resetFactors = useAdminMutation({
    run: () => api.resetUserFactors(user.id),
    done: () => `${user.username}'s second factors were removed.`,
    refresh: [],
  });
  return (
    <Modal opened onClose={onClose} title={`Edit ${user.username}`} centered>
      <Stack>
        <Group grow>
          {PROFILE_FIELDS.slice(0, 2).map(({ field, label }) => (
            <TextInput key={field} label={label} value={profile[field]} onChange={(event) => setProfile({ ...profile, [field]: event.currentTarget.value })} />
          ))}
        </Group>
        <Group grow>
          {PROFILE_FIELDS.slice(2).map(({ field, label }) => (
            <TextInput key={field} label={label} value={profile[field]} onChange={(event) => setProfile({ ...profile, [field]: event.currentTarget.value })} />
          ))}
        </Group>
        <Switch label="Disabled (cannot sign in; signed out everywhere)" checked={disabled} onChange={(event) => setDisabled(event.currentTarget.checked)} />
        <Switch
          label="Locked (cannot sign in until unlocked; signed out everywhere)"
          checked={locked}
          onChange={(event) => setLocked(event.currentTarget.checked)}
        />
        <MultiSelect label="Groups" data={groups.map((group) => ({ value: group.id, label: group.name }))} value={groupIds} onChange={setGroupIds} searchable />
        <PasswordInput
          label="New password"
          description="Leave empty to keep the current one; setting one signs the user out everywhere"
          autoComplete="new-password"
          value={password}
          onChange={(event) => setPassword(event.currentTarget.value)}
        />
        <Button onClick={() => save.mutate(undefined)} loading={save.isPending}>
          Save
        </Button>
        <ConfirmButton
          title={`Sign ${user.username} out everywhere?`}
          consequence="Every browser they are signed in on is signed out and their viewers close; their sessions keep running."
          confirmLabel="Sign out everywhere"
          onConfirm={() => signOut.mutate(undefined)}
        >
          Sign out everywhere
        </ConfirmButton>
        <ConfirmButton
          title={`Reset ${user.username}'s second factors?`}
          consequence="Their authenticator apps and recovery codes stop working; where their policy requires a second factor, they set up a new one at their next sign-in."
          confirmLabel="Reset second factors"
          onConfirm={() => resetFactors.mutate(undefined)}
        >
          Reset second factors
        </ConfirmButton>
        <ProfilesSection userId={user.id} />
      </Stack>
    </Modal>
  );
}

/** Users: create, edit their profile, disable or lock, reset a password, set groups, delete. */
export function UsersPage() {
  const { data: me } = useCurrentUser();
  const users = useQuery({ queryKey: ['users'], queryFn: api.users });
  const groups = useQuery({ queryKey: ['groups'], queryFn: api.groups });
  const [creating, { open: startCreating, close: stopCreating }] = useDisclosure(false);
  const [editing, setEditing] = useState<UserView>();
  const remove = useAdminMutation({
    run: (user: UserView) => api.deleteUser(user.id),
    done: (user) => `User ${user.username} deleted.`,
    refresh: ['users', 'sessions'],
  });
  const groupsOf = (userId: string) => (groups.data ?? []).filter((group) => group.userIds.includes(userId));
  const now = Date.now();

  return (
    <AdminPage
      title="Users"
      intro="Who may sign in, and the groups that decide what they may do."
      action={<Button onClick={startCreating}>New user</Button>}
      loading={users.isPending}
      error={users.error ?? groups.error}
    >
      <DataTable
        label="Users"
        minWidth={900}
        rows={users.data ?? []}
        rowKey={(user) => user.id}
        rowAttributes={(user) => ({ 'data-username': user.username })}
        columns={[
          { header: 'Username', cell: (user) => <Text fw={500}>{user.username}</Text> },
          { header: 'Name', cell: (user) => [user.profile.firstName, user.profile.lastName].filter(Boolean).join(' ') || '–' },
          { header: 'Organisation', cell: (user) => user.profile.organization || '–' },
          { header: 'Role', cell: (user) => (user.role === 'admin' ? 'Administrator' : 'User') },
          {
            header: 'Status',
            cell: (user) => (
              <Badge color={user.disabled || user.locked ? 'red' : 'teal'} variant="light">
                {user.disabled ? 'disabled' : user.locked ? 'locked' : 'active'}
              </Badge>
            ),
          },
          {
            header: 'Groups',
            cell: (user) =>
              groupsOf(user.id)
                .map((group) => group.name)
                .join(', ') || '–',
          },
          { header: 'Last sign-in', cell: (user) => (user.lastLoginAt ? `${ageOf(user.lastLoginAt, now)} ago` : 'never') },
          {
            header: 'Actions',
            cell: (user) => (
              <Group gap="xs" wrap="nowrap">
                <Button size="xs" variant="light" onClick={() => setEditing(user)}>
                  Edit
                </Button>
                {user.id !== me?.id && (
                  <ConfirmButton
                    title={`Delete ${user.username}?`}
                    consequence="Their live sessions end and their containers are removed. This cannot be undone."
                    confirmLabel="Delete user"
                    onConfirm={() => remove.mutate(user)}
                  >
                    Delete
                  </ConfirmButton>
                )}
              </Group>
            ),
          },
        ]}
      />
      {creating && <NewUserDialog onClose={stopCreating} />}
      {editing && (
        <EditUserDialog
          user={editing}
          groups={groups.data ?? []}
          memberOf={groupsOf(editing.id).map((group) => group.id)}
          onClose={() => setEditing(undefined)}
        />
      )}
    </AdminPage>
  );
}
