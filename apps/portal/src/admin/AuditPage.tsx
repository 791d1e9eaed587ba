import { Button, Code, Group, Select, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client';
import { DataTable } from '../components/DataTable';
import { AdminPage } from './AdminPage';
import { auditQueryOf, type AuditFilterForm } from './audit-filter';

const EMPTY: AuditFilterForm = { actorId: null, action: '', since: '', until: '' };

/** Who did what to which object, when: newest first, filtered by user, action and time, 50 at a time. */
export function AuditPage() {
  const users = useQuery({ queryKey: ['users'], queryFn: api.users });
  const form = useForm<AuditFilterForm>({ initialValues: EMPTY });
  const [filter, setFilter] = useState(EMPTY);
  const audit = useInfiniteQuery({
    queryKey: ['audit', filter],
    queryFn: ({ pageParam }) => api.audit(auditQueryOf(filter, pageParam)),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (page) => page.nextBefore ?? undefined,
  });
  const usernames = new Map((users.data ?? []).map((user) => [user.id, user.username]));
  const entries = audit.data?.pages.flatMap((page) => page.entries) ?? [];

  return (
    <AdminPage title="Audit log" intro="Every sign-in, launch and administrative change." loading={false} error={audit.error}>
      <form onSubmit={form.onSubmit(setFilter)} aria-label="Filter the audit log">
        <Group align="flex-end" wrap="wrap">
          <Select
            label="User"
            placeholder="anyone"
            clearable
            searchable
            data={(users.data ?? []).map((user) => ({ value: user.id, label: user.username }))}
            {...form.getInputProps('actorId')}
          />
          <TextInput label="Action" placeholder="session.launch" {...form.getInputProps('action')} />
          <TextInput label="From" type="datetime-local" {...form.getInputProps('since')} />
          <TextInput label="Until" type="datetime-local" {...form.getInputProps('until')} />
          <Button type="submit">Filter</Button>
          <Button
            variant="default"
            onClick={() => {
              form.setValues(EMPTY);
              setFilter(EMPTY);
            }}
          >
            Clear
          </Button>
        </Group>
      </form>
      <DataTable
        label="Audit entries"
        minWidth={760}
        rows={entries}
        rowKey={(entry) => String(entry.id)}
        columns={[
          { header: 'When', cell: (entry) => new Date(entry.at).toLocaleString() },
          { header: 'Who', cell: (entry) => (entry.actorType === 'user' && entry.actorId ? (usernames.get(entry.actorId) ?? entry.actorId) : entry.actorType) },
          { header: 'Action', cell: (entry) => <Code>{entry.action}</Code> },
          { header: 'Target', cell: (entry) => (entry.targetType ? `${entry.targetType} ${entry.targetId?.slice(0, 8) ?? ''}` : '–') },
          { header: 'Detail', cell: (entry) => <Code>{Object.keys(entry.detail).length ? JSON.stringify(entry.detail) : ''}</Code> },
        ]}
      />
      {audit.hasNextPage && (
        <Button variant="default" onClick={() => audit.fetchNextPage()} loading={audit.isFetchingNextPage}>
          Older entries
        </Button>
      )}
    </AdminPage>
  );
}
