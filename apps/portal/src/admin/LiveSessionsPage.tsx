import { Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import { useCurrentUser } from '../auth/current-user';
import { isLive } from '../sessions/session-names';
import { SessionsTable } from '../sessions/SessionsTable';
import { AdminPage } from './AdminPage';

/** Everyone's live sessions, with their owners; an administrator can end any of them. */
export function LiveSessionsPage() {
  const { data: me } = useCurrentUser();
  const sessions = useQuery({ queryKey: ['sessions', 'live'], queryFn: () => api.sessions(true), refetchInterval: 3000 });
  const users = useQuery({ queryKey: ['users'], queryFn: api.users });
  const owners = new Map((users.data ?? []).map((user) => [user.id, user.username]));
  const live = (sessions.data ?? []).filter(isLive).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return (
    <AdminPage title="Live sessions" intro="Every running session on the platform." loading={sessions.isPending} error={sessions.error ?? users.error}>
      {live.length ? <SessionsTable sessions={live} owners={owners} ownUserId={me?.id} /> : <Text c="dimmed">No session is running.</Text>}
    </AdminPage>
  );
}
