import { Alert, Loader, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { sentenceOf } from '../api/api-error';
import { api } from '../api/client';
import { useCurrentUser } from '../auth/current-user';
import { ProfilesSection } from './ProfilesSection';
import { isLive } from './session-names';
import { SessionsTable } from './SessionsTable';

/** How many ended sessions stay on the page, newest first. */
const RECENT = 10;

/** The person's running and recent sessions; the list refreshes itself every few seconds. */
export function MySessionsPage() {
  const { data: user } = useCurrentUser();
  const sessions = useQuery({ queryKey: ['sessions'], queryFn: () => api.sessions(), refetchInterval: 3000 });
  const own = (sessions.data ?? []).filter((session) => session.userId === user?.id).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const live = own.filter(isLive);
  const recent = own.filter((session) => !isLive(session)).slice(0, RECENT);

  return (
    <Stack>
      <Title order={2}>My sessions</Title>
      {sessions.isPending && <Loader aria-label="Loading sessions" />}
      {sessions.isError && <Alert color="red">{sentenceOf(sessions.error)}</Alert>}
      {sessions.isSuccess && (
        <>
          <Title order={3} size="h4">
            Running
          </Title>
          {live.length ? <SessionsTable sessions={live} ownUserId={user?.id} /> : <Text c="dimmed">No session is running. Open one from the launcher.</Text>}
          <Title order={3} size="h4">
            Recent
          </Title>
          {recent.length ? <SessionsTable sessions={recent} ownUserId={user?.id} /> : <Text c="dimmed">No ended sessions yet.</Text>}
          <ProfilesSection />
        </>
      )}
    </Stack>
  );
}
