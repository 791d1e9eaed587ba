import { Alert, Avatar, Badge, Button, Card, Group, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { sentenceOf } from '../api/api-error';
import { api } from '../api/client';
import { LaunchDialog } from './LaunchDialog';
import { serverTarget, workspaceTarget, type LaunchTarget } from './launch-target';

function TargetCard({ target, onLaunch }: { target: LaunchTarget; onLaunch: () => void }) {
  return (
    <Card withBorder shadow="xs" padding="lg" component="article" aria-label={target.name}>
      <Group wrap="nowrap" align="flex-start" mb="sm">
        <Avatar name={target.name} color={target.kind === 'workspace' ? 'teal' : 'indigo'} radius="md" size="lg" />
        <div>
          <Title order={3} size="h4">
            {target.name}
          </Title>
          <Badge variant="light" color={target.kind === 'workspace' ? 'teal' : 'indigo'}>
            {target.kind === 'workspace' ? 'Workspace' : 'Server'}
          </Badge>
        </div>
      </Group>
      <Text size="sm" c="dimmed" mb="md" lineClamp={3}>
        {target.description}
      </Text>
      <Button fullWidth mt="auto" onClick={onLaunch} aria-label={`Launch ${target.name}`}>
        Launch
      </Button>
    </Card>
  );
}

/** What this person may open: the enabled workspaces and the servers their groups reach. */
export function LauncherPage() {
  const workspaces = useQuery({ queryKey: ['workspaces'], queryFn: api.workspaces });
  const servers = useQuery({ queryKey: ['servers'], queryFn: api.servers });
  const [launching, setLaunching] = useState<LaunchTarget>();
  const targets = [...(workspaces.data ?? []).filter((workspace) => workspace.enabled).map(workspaceTarget), ...(servers.data ?? []).map(serverTarget)];
  const failure = workspaces.error ?? servers.error;

  return (
    <Stack>
      <Title order={2}>Launcher</Title>
      {failure && <Alert color="red">{sentenceOf(failure)}</Alert>}
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
        {workspaces.isPending || servers.isPending
          ? [1, 2, 3].map((key) => <Skeleton key={key} h={180} />)
          : targets.map((target) => <TargetCard key={target.id} target={target} onLaunch={() => setLaunching(target)} />)}
      </SimpleGrid>
      {!workspaces.isPending && !servers.isPending && !failure && targets.length === 0 && (
        <Text c="dimmed">Nothing is available to you yet; ask an administrator for a workspace or a server.</Text>
      )}
      {launching && <LaunchDialog target={launching} onClose={() => setLaunching(undefined)} />}
    </Stack>
  );
}
