import { Alert, Avatar, Badge, Button, Card, Chip, Group, Image, SimpleGrid, Skeleton, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { sentenceOf } from '../api/api-error';
import { api } from '../api/client';
import { LaunchDialog } from './LaunchDialog';
import { categoriesOf, filterTargets, serverTarget, workspaceTarget, type LaunchTarget } from './launch-target';

/** The workspace's own icon where it has one (copied out of its image, or the administrator's URL). */
function TargetIcon({ target }: { target: LaunchTarget }) {
  const [broken, setBroken] = useState(false);
  if (target.iconUrl && !broken) {
    return <Image src={target.iconUrl} alt="" w={48} h={48} fit="contain" onError={() => setBroken(true)} data-testid="target-icon" />;
  }
  return <Avatar name={target.name} color={target.kind === 'workspace' ? 'teal' : 'indigo'} radius="md" size="lg" />;
}

function TargetCard({ target, onLaunch }: { target: LaunchTarget; onLaunch: () => void }) {
  return (
    <Card withBorder shadow="xs" padding="lg" component="article" aria-label={target.name}>
      <Group wrap="nowrap" align="flex-start" mb="sm">
        <TargetIcon target={target} />
        <div>
          <Title order={3} size="h4">
            {target.name}
          </Title>
          <Group gap={4}>
            {(target.categories.length ? target.categories : [target.kind === 'workspace' ? 'Workspace' : 'Server']).map((category) => (
              <Badge key={category} variant="light" color={target.kind === 'workspace' ? 'teal' : 'indigo'}>
                {category}
              </Badge>
            ))}
          </Group>
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

/** What this person may open: the enabled workspaces and the servers their groups reach, by category or by name. */
export function LauncherPage() {
  const workspaces = useQuery({ queryKey: ['workspaces'], queryFn: api.workspaces });
  const servers = useQuery({ queryKey: ['servers'], queryFn: api.servers });
  const [launching, setLaunching] = useState<LaunchTarget>();
  const [query, setQuery] = useState('');
  const [category, setCategory] = useState('');
  const byName = (a: LaunchTarget, b: LaunchTarget) => a.name.localeCompare(b.name);
  const targets = [
    ...(workspaces.data ?? [])
      .filter((workspace) => workspace.enabled)
      .map(workspaceTarget)
      .sort(byName),
    ...(servers.data ?? []).map(serverTarget).sort(byName),
  ];
  const categories = categoriesOf(targets);
  const shown = filterTargets(targets, query, category || undefined);
  const failure = workspaces.error ?? servers.error;
  const loading = workspaces.isPending || servers.isPending;

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={2}>Launcher</Title>
        <TextInput
          type="search"
          aria-label="Search the catalogue"
          placeholder="Search"
          value={query}
          onChange={(event) => setQuery(event.currentTarget.value)}
          w={{ base: '100%', sm: 260 }}
        />
      </Group>
      {categories.length > 1 && (
        <Chip.Group value={category} onChange={(value) => setCategory(value as string)}>
          <Group gap="xs" role="group" aria-label="Categories">
            <Chip value="">All</Chip>
            {categories.map((name) => (
              <Chip key={name} value={name}>
                {name}
              </Chip>
            ))}
          </Group>
        </Chip.Group>
      )}
      {failure && <Alert color="red">{sentenceOf(failure)}</Alert>}
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
        {loading
          ? [1, 2, 3].map((key) => <Skeleton key={key} h={180} />)
          : shown.map((target) => <TargetCard key={target.id} target={target} onLaunch={() => setLaunching(target)} />)}
      </SimpleGrid>
      {!loading && !failure && targets.length === 0 && (
        <Text c="dimmed">Nothing is available to you yet; ask an administrator for a workspace or a server.</Text>
      )}
      {!loading && targets.length > 0 && shown.length === 0 && <Text c="dimmed">Nothing matches “{query}”.</Text>}
      {launching && <LaunchDialog target={launching} onClose={() => setLaunching(undefined)} />}
    </Stack>
  );
}
