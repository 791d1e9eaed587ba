import { ActionIcon, Button, Group, Select, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';

/** The part of a Mantine form of a directory or an identity provider that the rows use. */
interface FormWithMappings {
  values: { groupMappings: unknown[] };
  getInputProps(path: string): object;
  insertListItem(path: 'groupMappings', item: unknown): void;
  removeListItem(path: 'groupMappings', index: number): void;
}

interface GroupMappingsFieldProps {
  form: FormWithMappings;
  /** What the rows do, said once above them. */
  heading: string;
  /** The identity source's side of a row: a directory group's DN, a groups claim's value. */
  sourceLabel: string;
  sourceField: 'ldapGroup' | 'claimValue';
}

/**
 * The rows that map an identity source's groups (a directory's, an OIDC provider's) to Atrium groups,
 * with a button to add one; the directory and identity-provider dialogs share them.
 */
export function GroupMappingsField({ form, heading, sourceLabel, sourceField }: GroupMappingsFieldProps) {
  const groups = useQuery({ queryKey: ['groups'], queryFn: api.groups });
  const choices = (groups.data ?? []).map((group) => ({ value: group.id, label: group.name }));
  return (
    <>
      <Text size="sm" fw={500}>
        {heading}
      </Text>
      {Array.from({ length: form.values.groupMappings.length }, (_, index) => (
        <Group key={index} grow align="flex-end">
          <TextInput label={sourceLabel} {...form.getInputProps(`groupMappings.${index}.${sourceField}`)} />
          <Select label="Atrium group" data={choices} {...form.getInputProps(`groupMappings.${index}.groupId`)} />
          <ActionIcon
            variant="subtle"
            color="red"
            aria-label="Remove mapping"
            onClick={() => form.removeListItem('groupMappings', index)}
            style={{ flexGrow: 0 }}
          >
            ×
          </ActionIcon>
        </Group>
      ))}
      <Button variant="default" onClick={() => form.insertListItem('groupMappings', { [sourceField]: '', groupId: '' })}>
        Add mapping
      </Button>
    </>
  );
}
