import type { AgentView } from '@atrium/contracts';
import { Badge, Progress, Switch, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import { DataTable } from '../components/DataTable';
import { ageOf } from '../format/durations';
import { AdminPage } from './AdminPage';
import { useAdminMutation } from './use-admin-mutation';

const percent = (held: number, total: number) => (total > 0 ? Math.min(100, (held / total) * 100) : 0);

/** What may be promised on an agent: memory less the host's reserve, and the cores times the overcommit. */
const promisable = (agent: AgentView) => ({
  memoryMb: agent.capacity.memoryMb - agent.capacity.memoryReserveMb,
  cores: agent.capacity.cores * agent.capacity.cpuOvercommit,
});

function HeldBar({ label, held, total, unit }: { label: string; held: number; total: number; unit: string }) {
  return (
    <>
      <Text size="sm">
        {held} of {total} {unit}
      </Text>
      <Progress value={percent(held, total)} aria-label={label} />
    </>
  );
}

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
      <DataTable
        label="Agents"
        minWidth={760}
        rows={agents.data ?? []}
        rowKey={(agent) => agent.id}
        columns={[
          {
            header: 'Name',
            cell: (agent) => (
              <>
                <Text fw={500}>{agent.name}</Text>
                <Text size="xs" c="dimmed">
                  version {agent.version}
                </Text>
              </>
            ),
          },
          {
            header: 'Status',
            cell: (agent) => (
              <>
                <Badge color={agent.online ? 'teal' : 'red'} variant="light">
                  {agent.online ? 'online' : 'offline'}
                </Badge>
                <Text size="xs" c="dimmed">
                  {agent.lastHeartbeatAt ? `heartbeat ${ageOf(agent.lastHeartbeatAt, now)} ago` : 'no heartbeat yet'}
                </Text>
              </>
            ),
          },
          { header: 'Memory held', cell: (agent) => <HeldBar label="Memory held" held={agent.held.memoryMb} total={promisable(agent).memoryMb} unit="MiB" /> },
          {
            header: 'CPU held',
            cell: (agent) => (
              <HeldBar
                label="CPU held"
                held={agent.held.cores}
                total={promisable(agent).cores}
                unit={`cores (${agent.capacity.cores} real × ${agent.capacity.cpuOvercommit})`}
              />
            ),
          },
          { header: 'Sessions', cell: (agent) => agent.liveSessions },
          {
            header: 'Scheduling',
            cell: (agent) => (
              <Switch
                label={agent.enabled ? 'enabled' : 'disabled'}
                checked={agent.enabled}
                onChange={(event) => setEnabled.mutate({ id: agent.id, name: agent.name, enabled: event.currentTarget.checked })}
              />
            ),
          },
        ]}
      />
    </AdminPage>
  );
}
