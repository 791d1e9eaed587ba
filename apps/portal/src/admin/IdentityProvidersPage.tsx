import type { CreateOidcProvider, OidcProviderView } from '@atrium/contracts';
import { Button, Code, Group, Modal, PasswordInput, Stack, Switch, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client';
import { ConfirmButton } from '../components/ConfirmButton';
import { DataTable } from '../components/DataTable';
import { AdminPage } from './AdminPage';
import { GroupMappingsField } from './GroupMappingsField';
import { useAdminMutation } from './use-admin-mutation';

type ProviderForm = Omit<CreateOidcProvider, 'caCertificate'> & { caCertificate: string };

const blank: ProviderForm = {
  name: '',
  issuer: 'https://',
  clientId: '',
  clientSecret: '',
  scopes: 'openid profile email',
  usernameClaim: 'preferred_username',
  groupsClaim: 'groups',
  groupMappings: [],
  caCertificate: '',
  createUsers: true,
  enabled: true,
};

/** The client secret is write-only: empty when editing keeps the stored one. */
function toRequest(values: ProviderForm): Partial<CreateOidcProvider> {
  const { clientSecret, caCertificate, ...rest } = values;
  return { ...rest, caCertificate: caCertificate.trim() || null, ...(clientSecret && { clientSecret }) };
}

function ProviderDialog({ provider, onClose }: { provider?: OidcProviderView; onClose(): void }) {
  const form = useForm<ProviderForm>({
    initialValues: provider ? { ...blank, ...provider, caCertificate: provider.caCertificate ?? '', clientSecret: '' } : blank,
  });
  const save = useAdminMutation({
    run: (values: ProviderForm) =>
      provider ? api.updateOidcProvider(provider.id, toRequest(values)) : api.createOidcProvider(toRequest(values) as CreateOidcProvider),
    done: (values) => `Identity provider ${values.name} saved.`,
    refresh: ['oidc-providers'],
    onDone: onClose,
  });
  return (
    <Modal opened onClose={onClose} title={provider ? `Edit ${provider.name}` : 'New identity provider'} size="lg" centered>
      <form onSubmit={form.onSubmit((values) => save.mutate(values))}>
        <Stack>
          <Group grow>
            <TextInput label="Name" description='The button says "Sign in with" this' required {...form.getInputProps('name')} />
            <TextInput label="Issuer" description="https://, as in the provider's discovery document" required {...form.getInputProps('issuer')} />
          </Group>
          <Group grow>
            <TextInput label="Client ID" required {...form.getInputProps('clientId')} />
            <PasswordInput
              label="Client secret"
              autoComplete="new-password"
              placeholder={provider ? 'unchanged' : ''}
              {...form.getInputProps('clientSecret')}
            />
          </Group>
          <TextInput label="Scopes" {...form.getInputProps('scopes')} />
          <Group grow>
            <TextInput label="Username claim" {...form.getInputProps('usernameClaim')} />
            <TextInput label="Groups claim" {...form.getInputProps('groupsClaim')} />
          </Group>
          <Textarea
            label="CA certificate (PEM)"
            description="Empty: the system's CAs"
            autosize
            minRows={2}
            maxRows={6}
            {...form.getInputProps('caCertificate')}
          />
          <GroupMappingsField
            form={form}
            heading="Values of the groups claim that make people members of Atrium groups (at each sign-in)"
            sourceLabel="Claim value"
            sourceField="claimValue"
          />
          <Group>
            <Switch label="Create people at their first sign-in" {...form.getInputProps('createUsers', { type: 'checkbox' })} />
            <Switch label="Enabled" {...form.getInputProps('enabled', { type: 'checkbox' })} />
          </Group>
          <Button type="submit" loading={save.isPending}>
            Save
          </Button>
        </Stack>
      </form>
    </Modal>
  );
}

/** OpenID Connect providers: a "Sign in with …" button each on the sign-in page, and the groups their claims bring. */
export function IdentityProvidersPage() {
  const providers = useQuery({ queryKey: ['oidc-providers'], queryFn: api.oidcProviders });
  const [editing, setEditing] = useState<OidcProviderView | 'new'>();
  const remove = useAdminMutation({
    run: (provider: OidcProviderView) => api.deleteOidcProvider(provider.id),
    done: (provider) => `Identity provider ${provider.name} removed.`,
    refresh: ['oidc-providers'],
  });
  const redirectUri = providers.data?.[0]?.redirectUri ?? `${window.location.origin}/api/auth/oidc/callback`;
  return (
    <AdminPage
      title="Identity providers"
      intro="Single sign-on with OpenID Connect (authorization code with PKCE; the ID token's signature checked). The client secret is never shown again."
      action={<Button onClick={() => setEditing('new')}>New identity provider</Button>}
      loading={providers.isPending}
      error={providers.error}
    >
      <Text size="sm" mb="sm">
        Register this redirect URI with each provider: <Code data-testid="oidc-redirect-uri">{redirectUri}</Code>
      </Text>
      <DataTable
        label="Identity providers"
        minWidth={760}
        rows={providers.data ?? []}
        rowKey={(provider) => provider.id}
        rowAttributes={(provider) => ({ 'data-provider': provider.name })}
        columns={[
          { header: 'Name', cell: (provider) => <Text fw={500}>{provider.name}</Text> },
          { header: 'Issuer', cell: (provider) => provider.issuer },
          { header: 'Client ID', cell: (provider) => provider.clientId },
          { header: 'Group mappings', cell: (provider) => String(provider.groupMappings.length) },
          { header: 'State', cell: (provider) => (provider.enabled ? 'enabled' : 'disabled') },
          {
            header: 'Actions',
            cell: (provider) => (
              <Group gap="xs" wrap="nowrap">
                <Button size="xs" variant="light" onClick={() => setEditing(provider)}>
                  Edit
                </Button>
                <ConfirmButton
                  title={`Remove ${provider.name}?`}
                  consequence="Its people can no longer sign in through it."
                  confirmLabel="Remove identity provider"
                  onConfirm={() => remove.mutate(provider)}
                >
                  Remove
                </ConfirmButton>
              </Group>
            ),
          },
        ]}
      />
      {editing && <ProviderDialog provider={editing === 'new' ? undefined : editing} onClose={() => setEditing(undefined)} />}
    </AdminPage>
  );
}
