import { Badge, Tooltip } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';

/** The platform's health at a glance; the tooltip names what is down. */
export function HealthBadge() {
  const { data, isError } = useQuery({ queryKey: ['health'], queryFn: api.health, refetchInterval: 15_000 });
  if (!data && !isError) return null;
  const down = Object.entries(data?.components ?? {})
    .filter(([, component]) => component.status !== 'ok')
    .map(([name]) => name);
  const healthy = !isError && down.length === 0;
  return (
    <Tooltip label={healthy ? 'Every role answers' : `Not answering: ${isError ? 'the control plane' : down.join(', ')}`}>
      <Badge color={healthy ? 'teal' : 'red'} variant="light" visibleFrom="xs">
        {healthy ? 'healthy' : 'degraded'}
      </Badge>
    </Tooltip>
  );
}
