import { Button, CopyButton, Group, List, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { sentenceOf } from '../api/api-error';
import { api } from '../api/client';

/**
 * Sharing the session: a link others (signed in to Atrium) open to watch, or also type where the owner's
 * policy gives viewers full control; who joined; revoking closes their streams at once.
 */
export function SharePanel({ sessionId }: { sessionId: string }) {
  const queryClient = useQueryClient();
  const session = useQuery({ queryKey: ['sessions', sessionId], queryFn: () => api.session(sessionId) });
  const viewers = useQuery({ queryKey: ['viewers', sessionId], queryFn: () => api.viewers(sessionId), refetchInterval: 5000 });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['sessions', sessionId] });
  const share = useMutation({ mutationFn: () => api.share(sessionId), onSettled: refresh });
  const revoke = useMutation({ mutationFn: () => api.revokeShare(sessionId), onSettled: refresh });
  const shareId = session.data?.shareId;
  const link = shareId ? `${location.origin}${location.pathname}?share=${encodeURIComponent(shareId)}` : '';
  const failure = share.error ?? revoke.error;

  return (
    <Stack gap="xs" w={340}>
      {shareId ? (
        <>
          <Text size="sm">Anyone signed in to Atrium who opens this link watches your session.</Text>
          <Group gap="xs" wrap="nowrap">
            <TextInput aria-label="Share link" value={link} readOnly flex={1} onFocus={(event) => event.currentTarget.select()} />
            <CopyButton value={link}>
              {({ copied, copy }) => (
                <Button size="xs" variant="light" onClick={copy}>
                  {copied ? 'Copied' : 'Copy'}
                </Button>
              )}
            </CopyButton>
          </Group>
          <Text size="xs" c="dimmed">
            {viewers.data?.length ? 'Joined:' : 'Nobody has joined yet.'}
          </Text>
          {!!viewers.data?.length && (
            <List size="sm">
              {viewers.data.map((viewer) => (
                <List.Item key={viewer.userId}>{viewer.username}</List.Item>
              ))}
            </List>
          )}
          <Button size="xs" color="red" variant="light" loading={revoke.isPending} onClick={() => revoke.mutate()}>
            Stop sharing
          </Button>
        </>
      ) : (
        <>
          <Text size="sm">Share a link so others can watch this session with you.</Text>
          <Button size="xs" loading={share.isPending} onClick={() => share.mutate()}>
            Share this session
          </Button>
        </>
      )}
      {failure && (
        <Text size="sm" c="red" role="alert">
          {sentenceOf(failure)}
        </Text>
      )}
    </Stack>
  );
}
