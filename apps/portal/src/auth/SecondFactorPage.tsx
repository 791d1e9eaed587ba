import type { EnrolmentConfirmed } from '@atrium/contracts';
import { Alert, Anchor, Button, Center, Group, Paper, SegmentedControl, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { sentenceOf } from '../api/api-error';
import { api } from '../api/client';
import { CURRENT_USER_KEY, FullPageLoader } from './current-user';
import { AuthenticatorAppSetup, CodeInput, PasskeySetup, RecoveryCodes } from './factors/FactorSetup';
import { signInWithPasskey } from './factors/passkeys';
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

type Method = 'totp' | 'webauthn' | 'recovery';

const METHOD_LABELS: Record<Method, string> = { totp: 'Use the authenticator app', webauthn: 'Use a passkey or security key', recovery: 'Use a recovery code' };

/** The second factor owed at sign-in: the app's code, a passkey, or one of the recovery codes. */
function VerifyStep({ methods, onDone }: { methods: Method[]; onDone(): void }) {
  const [method, setMethod] = useState<Method>(methods[0] ?? 'totp');
  const [recoveryCode, setRecoveryCode] = useState('');
  const verify = useMutation({
    mutationFn: (code: string) => (method === 'webauthn' ? signInWithPasskey() : method === 'recovery' ? api.verifyRecoveryCode(code) : api.verifyTotp(code)),
    onSuccess: onDone,
  });
  const choose = (next: Method) => {
    verify.reset();
    setMethod(next);
  };
  return (
    <Card title="Two-factor sign-in">
      <Text size="sm">
        {method === 'totp' && 'Type the 6-digit code your authenticator app shows for Atrium.'}
        {method === 'webauthn' && 'Use the passkey on this device, or touch your security key.'}
        {method === 'recovery' && 'Type one of the recovery codes you saved. Each works once.'}
      </Text>
      {verify.isError && (
        <Alert color="red" title="Not signed in yet" role="alert">
          {sentenceOf(verify.error)}
        </Alert>
      )}
      {method === 'totp' && <CodeInput onCode={(code) => verify.mutate(code)} disabled={verify.isPending} />}
      {method === 'webauthn' && (
        <Button onClick={() => verify.mutate('')} loading={verify.isPending}>
          Sign in with a passkey
        </Button>
      )}
      {method === 'recovery' && (
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
      )}
      <Group gap="md">
        {methods
          .filter((other) => other !== method)
          .map((other) => (
            <Anchor key={other} component="button" type="button" size="sm" onClick={() => choose(other)}>
              {METHOD_LABELS[other]}
            </Anchor>
          ))}
      </Group>
    </Card>
  );
}

/** Setting up the first factor when the policy requires one: an authenticator app or a passkey, as the policy allows. */
function EnrolStep({ methods, onDone }: { methods: Method[]; onDone(): void }) {
  const kinds = methods.filter((method): method is 'totp' | 'webauthn' => method !== 'recovery');
  const [kind, setKind] = useState(kinds[0] ?? 'totp');
  const [confirmed, setConfirmed] = useState<EnrolmentConfirmed>();
  if (confirmed) {
    if (confirmed.recoveryCodes.length === 0) return <Navigate to="/" replace />;
    return (
      <Card title="Save your recovery codes">
        <RecoveryCodes codes={confirmed.recoveryCodes} />
        <Button onClick={onDone}>I saved them: continue</Button>
      </Card>
    );
  }
  return (
    <Card title="Set up two-factor sign-in">
      <Text size="sm">Your organisation asks for a second factor at each sign-in. Set one up to go on.</Text>
      {kinds.length > 1 && (
        <SegmentedControl
          value={kind}
          onChange={(value) => setKind(value as 'totp' | 'webauthn')}
          data={[
            { value: 'totp', label: 'Authenticator app' },
            { value: 'webauthn', label: 'Passkey or security key' },
          ]}
        />
      )}
      {kind === 'totp' ? <AuthenticatorAppSetup onConfirmed={setConfirmed} /> : <PasskeySetup onConfirmed={setConfirmed} />}
    </Card>
  );
}

/**
 * The step after a right password, when a second factor stands between: the factor (or a recovery code), or, for
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
  return status.data.stage === 'enrol' ? <EnrolStep methods={status.data.methods} onDone={done} /> : <VerifyStep methods={status.data.methods} onDone={done} />;
}
