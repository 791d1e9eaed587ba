import type { ProfileView } from '@atrium/contracts';
import { Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useAdminMutation } from '../admin/use-admin-mutation';
import { api } from '../api/client';
import { ConfirmButton } from '../components/ConfirmButton';
import { DataTable } from '../components/DataTable';
import { formatBytes } from '../format/bytes';

/**
 * Kept homes (persistent profiles): which workspaces keep one, how big it was when last saved, and a reset that
 * empties it. `userId` shows another user's, for administrators; without it, the person's own.
 */
export function ProfilesSection({ userId }: { userId?: string }) {
  const profiles = useQuery({
    queryKey: ['profiles', userId ?? 'me'],
    queryFn: () => (userId ? api.userProfiles(userId) : api.myProfiles()),
  });
  const reset = useAdminMutation({
    run: (profile: ProfileView) => (userId ? api.resetUserProfile(userId, profile.workspaceId) : api.resetMyProfile(profile.workspaceId)),
    done: (profile) => `The profile of ${profile.workspaceName} is reset: the next session starts empty.`,
    refresh: ['profiles'],
  });
  return (
    <>
      <Title order={3} size="h4">
        Kept profiles
      </Title>
      {profiles.data?.length ? (
        <DataTable
          label="Kept profiles"
          minWidth={480}
          rows={profiles.data}
          rowKey={(profile) => profile.workspaceId}
          columns={[
            { header: 'Workspace', cell: (profile) => <Text fw={500}>{profile.workspaceName}</Text> },
            { header: 'Size', cell: (profile) => formatBytes(profile.sizeBytes) },
            { header: 'Saved', cell: (profile) => new Date(profile.savedAt).toLocaleString() },
            {
              header: 'Actions',
              cell: (profile) => (
                <ConfirmButton
                  title={`Reset the profile of ${profile.workspaceName}?`}
                  consequence="Everything kept in its home folder (settings, bookmarks, files) is deleted; the next session starts empty."
                  confirmLabel="Reset profile"
                  onConfirm={() => reset.mutate(profile)}
                  aria-label={`Reset the profile of ${profile.workspaceName}`}
                >
                  Reset
                </ConfirmButton>
              ),
            },
          ]}
        />
      ) : (
        <Text c="dimmed">{profiles.isPending ? 'Loading…' : 'No workspace keeps a profile for you yet.'}</Text>
      )}
    </>
  );
}
