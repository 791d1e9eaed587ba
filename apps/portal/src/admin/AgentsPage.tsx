import { Badge, Progress, Switch, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import { ageOf } from '../format/durations';
import { AdminPage } from './AdminPage';
import { useAdminMutation } from './use-admin-mutation';

const percent = (held: number, total: number) => (total > 0 ? Math.min(100, (held / total) * 100) : 0);

/** The agents: online or not, what they have and what is held there; a disabled agent takes no new sessions. */
export function AgentsPage() {
  const agents = useQuery({ queryKey: ['agents'], queryFn: api.agents, refetchInterval: 5000 });
  const setEnabled = useAdminMutation({
    run: (change: { id: string; name: string; enabled: boolean }) => api.setAgentEnabled(change.id, change.enabled),
    done: (change) => `Agent ${change.name} ${change.enabled ? 'takes new sessions again' : 'takes no new sessions'}.`,
    refresh: ['agents'],
  });
  const now = Date.now();
  return (
    <AdminPage title="Agents" intro="Docker hosts that run container workspaces." loading={agents.isPending} error={agents.error}>
      <Table.ScrollContainer minWidth={760}>
        <Table striped verticalSpacing="sm" aria-label="Agents">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Memory held</Table.Th>
              <Table.Th>CPU held</Table.Th>
              <Table.Th>Sessions</Table.Th>
              <Table.Th>Scheduling</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(agents.data ?? []).map((agent) => {
              const memory = agent.capacity.memoryMb - (agent.capacity.memoryReserveMb ?? 0);
              const cores = agent.capacity.cores * (agent.capacity.cpuOvercommit ?? 1);
              return (
                <Table.Tr key={agent.id}>
                  <Table.Td fw={500}>
                    {agent.name}
                    <Text size="xs" c="dimmed">
                      version {agent.version}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={agent.online ? 'teal' : 'red'} variant="light">
                      {agent.online ? 'online' : 'offline'}
                    </Badge>
                    <Text size="xs" c="dimmed">
                      {agent.lastHeartbeatAt ? `heartbeat ${ageOf(agent.lastHeartbeatAt, now)} ago` : 'no heartbeat yet'}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {agent.held.memoryMb} of {memory} MiB
                    </Text>
                    <Progress value={percent(agent.held.memoryMb, memory)} aria-label="Memory held" />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {agent.held.cores} of {cores} cores ({agent.capacity.cores} real × {agent.capacity.cpuOvercommit})
                    </Text>
                    <Progress value={percent(agent.held.cores, cores)} aria-label="CPU held" />
                  </Table.Td>
                  <Table.Td>{agent.liveSessions}</Table.Td>
                  <Table.Td>
                    <Switch
                      label={agent.enabled ? 'enabled' : 'disabled'}
                      checked={agent.enabled}
                      onChange={(event) => setEnabled.mutate({ id: agent.id, name: agent.name, enabled: event.currentTarget.checked })}
                    />
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </AdminPage>
  );
}
