import type { EnrolmentConfirmed } from '@atrium/contracts';
import { Alert, Button, Code, Group, Image, List, PinInput, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { sentenceOf } from '../../api/api-error';
import { api } from '../../api/client';
import { createPasskey } from './passkeys';

/** Six digits from the app, sent as soon as the sixth is typed. */
export function CodeInput({ onCode, disabled }: { onCode(code: string): void; disabled: boolean }) {
  const [code, setCode] = useState('');
  return (
    <PinInput
      length={6}
      type="number"
      oneTimeCode
      autoFocus
      aria-label="Code from your authenticator app"
      value={code}
      disabled={disabled}
      onChange={setCode}
      onComplete={(value) => {
        onCode(value);
        setCode('');
      }}
    />
  );
}

/** Setting up an authenticator app: scan the QR code (or type the key), then prove it with a code. */
export function AuthenticatorAppSetup({ onConfirmed }: { onConfirmed(confirmed: EnrolmentConfirmed): void }) {
  const enrolment = useQuery({ queryKey: ['totp-enrolment'], queryFn: api.startTotpEnrolment, staleTime: Infinity, gcTime: 0, retry: false });
  const confirm = useMutation({ mutationFn: (code: string) => api.confirmTotpEnrolment(code), onSuccess: onConfirmed });
  if (enrolment.isError)
    return (
      <Alert color="red" role="alert">
        {sentenceOf(enrolment.error)}
      </Alert>
    );
  if (!enrolment.data) return null;
  return (
    <Stack>
      <Text size="sm">Scan this QR code with an authenticator app (for example on your phone), then type the code it shows.</Text>
      <Image src={`data:image/svg+xml;base64,${btoa(enrolment.data.qrSvg)}`} alt="QR code for your authenticator app" w={200} h={200} mx="auto" />
      <Text size="xs" c="dimmed">
        Cannot scan? Type this key in the app: <Code data-testid="totp-key">{enrolment.data.secret.match(/.{1,4}/g)?.join(' ')}</Code>
      </Text>
      {confirm.isError && (
        <Alert color="red" title="Not set up yet" role="alert">
          {sentenceOf(confirm.error)}
        </Alert>
      )}
      <Group justify="center">
        <CodeInput onCode={(code) => confirm.mutate(code)} disabled={confirm.isPending} />
      </Group>
    </Stack>
  );
}

/** Creating a passkey, or registering a security key, under a name the person will recognise in their list. */
export function PasskeySetup({ onConfirmed }: { onConfirmed(confirmed: EnrolmentConfirmed): void }) {
  const [name, setName] = useState('Passkey');
  const create = useMutation({ mutationFn: () => createPasskey(name.trim() || 'Passkey'), onSuccess: onConfirmed });
  return (
    <Stack>
      <Text size="sm">Your browser asks you to create a passkey on this device, or to touch your security key.</Text>
      <TextInput
        label="Name"
        description="How this key appears in your list, e.g. “Work laptop”"
        value={name}
        maxLength={64}
        onChange={(event) => setName(event.currentTarget.value)}
      />
      {create.isError && (
        <Alert color="red" title="No passkey added" role="alert">
          {sentenceOf(create.error)}
        </Alert>
      )}
      <Button onClick={() => create.mutate()} loading={create.isPending}>
        Create passkey
      </Button>
    </Stack>
  );
}

/** The recovery codes issued with a first factor: shown this once. */
export function RecoveryCodes({ codes }: { codes: string[] }) {
  return (
    <Stack gap="xs">
      <Text size="sm">If you lose your phone or key, each of these codes signs you in once. They are shown only now: keep them somewhere safe.</Text>
      <List spacing={4} aria-label="Recovery codes">
        {codes.map((code) => (
          <List.Item key={code}>
            <Code>{code}</Code>
          </List.Item>
        ))}
      </List>
    </Stack>
  );
}
