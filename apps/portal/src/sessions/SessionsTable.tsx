import type { Session } from '@atrium/contracts';
import { Badge, Button, Group, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import { useNavigate } from 'react-router';
import { sentenceOf } from '../api/api-error';
import { api } from '../api/client';
import { ConfirmButton } from '../components/ConfirmButton';
import { DataTable } from '../components/DataTable';
import { ageOf, timeLeft } from '../format/durations';
import { viewerPathOf } from '../launcher/launch-target';
import { isLive, sessionTargetName, STATE_COLOURS } from './session-names';
import { useNow } from './use-now';

interface SessionsTableProps {
  sessions: Session[];
  /** Administrators' view: each session's owner, and no reconnect into someone else's desktop. */
  owners?: Map<string, string>;
  ownUserId?: string;
}

/** Sessions with what they open, state, age and time left, and the actions that apply: reconnect and end. */
export function SessionsTable({ sessions, owners, ownUserId }: SessionsTableProps) {
  const now = useNow();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const workspaces = useQuery({ queryKey: ['workspaces'], queryFn: api.workspaces });
  const servers = useQuery({ queryKey: ['servers'], queryFn: api.servers });
  const end = useMutation({
    mutationFn: api.endSession,
    onSuccess: (ended) => notifications.show({ color: 'teal', message: `The session of ${sessionTargetName(ended, workspaces.data, servers.data)} ended.` }),
    onError: (error) => notifications.show({ color: 'red', title: 'Could not end the session', message: sentenceOf(error) }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['sessions'] }),
  });
  return (
    <DataTable
      label="Sessions"
      rows={sessions}
      rowKey={(session) => session.id}
      rowAttributes={(session) => ({ 'data-session-id': session.id })}
      columns={[
        {
          header: 'Opens',
          cell: (session) => (
            <>
              <Text fw={500}>{sessionTargetName(session, workspaces.data, servers.data)}</Text>
              <Text size="xs" c="dimmed">
                {session.kind === 'remote' ? 'server' : 'workspace'}
              </Text>
            </>
          ),
        },
        ...(owners ? [{ header: 'Owner', cell: (session: Session) => owners.get(session.userId) ?? 'a removed user' }] : []),
        {
          header: 'State',
          cell: (session) => (
            <Badge color={STATE_COLOURS[session.state] ?? 'gray'} variant="light" title={session.errorMessage ?? undefined}>
              {session.state}
            </Badge>
          ),
        },
        { header: 'Age', cell: (session) => ageOf(session.createdAt, now) },
        { header: 'Time left', cell: (session) => (isLive(session) ? timeLeft(session.expiresAt, now) : '–') },
        {
          header: 'Actions',
          cell: (session) => (
            <Group gap="xs" wrap="nowrap">
              {session.state === 'running' && (!ownUserId || session.userId === ownUserId) && (
                <Button size="xs" variant="light" onClick={() => navigate(viewerPathOf(session))}>
                  Reconnect
                </Button>
              )}
              {isLive(session) && (
                <ConfirmButton
                  loading={end.isPending && end.variables === session.id}
                  title="End this session?"
                  consequence="Its desktop, and everything in it not saved elsewhere, is thrown away."
                  confirmLabel="End session"
                  onConfirm={() => end.mutate(session.id)}
                >
                  End
                </ConfirmButton>
              )}
            </Group>
          ),
        },
      ]}
    />
  );
}
