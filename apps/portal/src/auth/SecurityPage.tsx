import type { EnrolmentConfirmed, FactorView } from '@atrium/contracts';
import { Button, Group, Modal, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { AdminPage } from '../admin/AdminPage';
import { useAdminMutation } from '../admin/use-admin-mutation';
import { api } from '../api/client';
import { ConfirmButton } from '../components/ConfirmButton';
import { DataTable } from '../components/DataTable';
import { AuthenticatorAppSetup, PasskeySetup, RecoveryCodes } from './factors/FactorSetup';

const KIND_LABELS: Record<FactorView['kind'], string> = { totp: 'Authenticator app', webauthn: 'Passkey or security key' };
const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : 'never');

/** Adding a factor in a dialog; the first one's recovery codes are shown before it closes. */
function AddFactor({ kind, onClose }: { kind: FactorView['kind']; onClose(): void }) {
  const [confirmed, setConfirmed] = useState<EnrolmentConfirmed>();
  const close = onClose;
  return (
    <Modal opened onClose={close} title={`Add ${KIND_LABELS[kind].toLowerCase()}`} centered>
      {confirmed ? (
        <>
          {confirmed.recoveryCodes.length > 0 ? <RecoveryCodes codes={confirmed.recoveryCodes} /> : <Text size="sm">Added.</Text>}
          <Button mt="md" onClick={close}>
            Done
          </Button>
        </>
      ) : kind === 'totp' ? (
        <AuthenticatorAppSetup onConfirmed={setConfirmed} />
      ) : (
        <PasskeySetup onConfirmed={setConfirmed} />
      )}
    </Modal>
  );
}

/** The person's own second factors: authenticator apps and passkeys, each named, added and removed here. */
export function SecurityPage() {
  const factors = useQuery({ queryKey: ['factors'], queryFn: api.factors });
  const [adding, setAdding] = useState<FactorView['kind']>();
  const remove = useAdminMutation({
    run: (factor: FactorView) => api.removeFactor(factor.id),
    done: (factor) => `${factor.name} was removed.`,
    refresh: ['factors'],
  });
  const finishAdding = () => {
    setAdding(undefined);
    void factors.refetch();
  };
  return (
    <AdminPage
      title="Security"
      intro="Second factors asked for at each sign-in after your password: authenticator apps, passkeys and security keys."
      loading={factors.isPending}
      error={factors.error}
      action={
        <Group>
          <Button variant="default" onClick={() => setAdding('totp')}>
            Add authenticator app
          </Button>
          <Button onClick={() => setAdding('webauthn')}>Add passkey</Button>
        </Group>
      }
    >
      {factors.data?.length ? (
        <DataTable
          label="Second factors"
          rows={factors.data}
          rowKey={(factor) => factor.id}
          rowAttributes={(factor) => ({ 'data-factor': factor.name })}
          columns={[
            { header: 'Name', cell: (factor) => factor.name },
            { header: 'Kind', cell: (factor) => KIND_LABELS[factor.kind] },
            { header: 'Added', cell: (factor) => when(factor.createdAt) },
            { header: 'Last used', cell: (factor) => when(factor.lastUsedAt) },
            {
              header: '',
              cell: (factor) => (
                <ConfirmButton
                  size="compact-sm"
                  title={`Remove ${factor.name}?`}
                  consequence="It no longer signs you in."
                  confirmLabel="Remove"
                  onConfirm={() => remove.mutate(factor)}
                >
                  Remove
                </ConfirmButton>
              ),
            },
          ]}
        />
      ) : (
        <Text c="dimmed">No second factor yet: your password alone signs you in.</Text>
      )}
      {adding && <AddFactor kind={adding} onClose={finishAdding} />}
    </AdminPage>
  );
}
