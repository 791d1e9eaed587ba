import { Alert, Group, Loader, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { sentenceOf } from '../api/api-error';

/** The frame of every administration page: title, what it is for, its main action, and loading or failure. */
export function AdminPage(props: { title: string; intro: string; action?: ReactNode; loading: boolean; error: unknown; children: ReactNode }) {
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>{props.title}</Title>
          <Text c="dimmed" size="sm">
            {props.intro}
          </Text>
        </div>
        {props.action}
      </Group>
      {props.error ? <Alert color="red">{sentenceOf(props.error)}</Alert> : null}
      {props.loading ? <Loader aria-label="Loading" /> : props.children}
    </Stack>
  );
}
