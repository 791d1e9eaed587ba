import type { EnrolmentConfirmed } from '@atrium/contracts';
import { Alert, Anchor, Button, Center, Code, Group, Image, List, Paper, PinInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { sentenceOf } from '../api/api-error';
import { api } from '../api/client';
import { CURRENT_USER_KEY, FullPageLoader } from './current-user';
import { safeNextPath } from './next-path';

export const SECOND_FACTOR_KEY = ['second-factor'] as const;

function Card({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Center mih="100vh" p="md" bg="gray.0">
      <Paper component="main" withBorder shadow="sm" p="xl" w="100%" maw={440}>
        <Stack>
          <Title order={1} size="h2">
            {title}
          </Title>
          {children}
        </Stack>
      </Paper>
    </Center>
  );
}

/** Six digits from the app, sent as soon as the sixth is typed. */
function CodeInput({ onCode, disabled }: { onCode(code: string): void; disabled: boolean }) {
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

/** The code owed at sign-in: from the app, or one of the recovery codes. */
function VerifyStep({ canRecover, onDone }: { canRecover: boolean; onDone(): void }) {
  const [recovering, setRecovering] = useState(false);
  const [recoveryCode, setRecoveryCode] = useState('');
  const verify = useMutation({ mutationFn: (code: string) => (recovering ? api.verifyRecoveryCode(code) : api.verifyTotp(code)), onSuccess: onDone });
  return (
    <Card title="Two-factor sign-in">
      <Text size="sm">
        {recovering ? 'Type one of the recovery codes you saved. Each works once.' : 'Type the 6-digit code your authenticator app shows for Atrium.'}
      </Text>
      {verify.isError && (
        <Alert color="red" title="Not signed in yet" role="alert">
          {sentenceOf(verify.error)}
        </Alert>
      )}
      {recovering ? (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            verify.mutate(recoveryCode);
          }}
        >
          <Stack>
            <TextInput
              label="Recovery code"
              name="recovery-code"
              autoComplete="off"
              value={recoveryCode}
              onChange={(event) => setRecoveryCode(event.currentTarget.value)}
            />
            <Button type="submit" loading={verify.isPending}>
              Sign in
            </Button>
          </Stack>
        </form>
      ) : (
        <CodeInput onCode={(code) => verify.mutate(code)} disabled={verify.isPending} />
      )}
      {canRecover && (
        <Anchor component="button" type="button" size="sm" onClick={() => setRecovering(!recovering)}>
          {recovering ? 'Use the authenticator app' : 'Use a recovery code'}
        </Anchor>
      )}
    </Card>
  );
}

function RecoveryCodes({ confirmed, onDone }: { confirmed: EnrolmentConfirmed; onDone(): void }) {
  return (
    <Card title="Save your recovery codes">
      <Text size="sm">If you lose your phone, each of these codes signs you in once. They are shown only now: keep them somewhere safe.</Text>
      <List spacing={4} aria-label="Recovery codes">
        {confirmed.recoveryCodes.map((code) => (
          <List.Item key={code}>
            <Code>{code}</Code>
          </List.Item>
        ))}
      </List>
      <Button onClick={onDone}>I saved them: continue</Button>
    </Card>
  );
}

/** Setting up an authenticator app: scan (or type the key), then prove it with a code. */
function EnrolStep({ onDone }: { onDone(): void }) {
  const enrolment = useQuery({ queryKey: ['totp-enrolment'], queryFn: api.startTotpEnrolment, staleTime: Infinity, gcTime: 0, retry: false });
  const confirm = useMutation({ mutationFn: (code: string) => api.confirmTotpEnrolment(code) });
  if (confirm.data) return confirm.data.recoveryCodes.length > 0 ? <RecoveryCodes confirmed={confirm.data} onDone={onDone} /> : <Navigate to="/" replace />;
  return (
    <Card title="Set up two-factor sign-in">
      <Text size="sm">
        Your organisation asks for a second factor. Scan this QR code with an authenticator app (for example on your phone), then type the code it shows.
      </Text>
      {enrolment.isError && (
        <Alert color="red" role="alert">
          {sentenceOf(enrolment.error)}
        </Alert>
      )}
      {enrolment.data && (
        <>
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
        </>
      )}
    </Card>
  );
}

/**
 * The step after a right password, when a second factor stands between: the code (or a recovery code), or, for
 * someone whose policy requires a factor they do not have, its enrolment. The server opens nothing else until then.
 */
export function SecondFactorPage() {
  const [params] = useSearchParams();
  const next = safeNextPath(params.get('next'));
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const status = useQuery({ queryKey: SECOND_FACTOR_KEY, queryFn: api.secondFactorStatus, retry: false, staleTime: 0 });
  const done = () => {
    queryClient.removeQueries({ queryKey: SECOND_FACTOR_KEY });
    void queryClient.invalidateQueries({ queryKey: CURRENT_USER_KEY });
    navigate(next, { replace: true });
  };
  if (status.isPending) return <FullPageLoader />;
  // Signed in already (409), or no session at all (401): the usual pages sort that out.
  if (!status.data) return <Navigate to={next === '/' ? '/sign-in' : next} replace />;
  return status.data.stage === 'enrol' ? <EnrolStep onDone={done} /> : <VerifyStep canRecover={status.data.methods.includes('recovery')} onDone={done} />;
}
