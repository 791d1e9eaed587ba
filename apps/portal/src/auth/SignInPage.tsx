import { loginRequestSchema, SSO_ERRORS, type LoginRequest } from '@atrium/contracts';
import { Alert, Button, Center, Divider, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { sentenceOf } from '../api/api-error';
import { api } from '../api/client';
import { zodValidator } from '../forms/zod-validator';
import { CURRENT_USER_KEY, FullPageLoader, useCurrentUser } from './current-user';
import { safeNextPath, secondFactorPathFor } from './next-path';

/** What a single sign-on that came back without a session says, from the code the server sent the browser back with. */
const ssoErrorOf = (code: string | null) => (code && code in SSO_ERRORS ? SSO_ERRORS[code as keyof typeof SSO_ERRORS] : undefined);

/** One button per identity provider: a navigation to the server, which sends the browser on to the provider. */
function ProviderButtons({ next }: { next: string }) {
  const providers = useQuery({ queryKey: ['sign-in-providers'], queryFn: api.signInProviders, staleTime: 60_000 });
  if (!providers.data?.length) return null;
  const query = next === '/' ? '' : `?next=${encodeURIComponent(next)}`;
  return (
    <>
      <Divider label="or" labelPosition="center" />
      {providers.data.map((provider) => (
        <Button key={provider.id} component="a" variant="default" href={`/api/auth/oidc/${provider.id}/start${query}`}>
          Sign in with {provider.name}
        </Button>
      ))}
    </>
  );
}

/** Sign in; afterwards, back to the page that sent the person here. */
export function SignInPage() {
  const [params] = useSearchParams();
  const next = safeNextPath(params.get('next'));
  const ssoError = ssoErrorOf(params.get('sso_error'));
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { data: user, isPending } = useCurrentUser();
  const form = useForm<LoginRequest>({ initialValues: { username: '', password: '' }, validate: zodValidator(loginRequestSchema) });
  const signIn = useMutation({
    mutationFn: api.signIn,
    onSuccess: (answer) => {
      queryClient.clear();
      // The password was right, but a second factor (or its enrolment) stands between: that page comes first.
      if (answer.secondFactor) return navigate(secondFactorPathFor(next), { replace: true });
      queryClient.setQueryData(CURRENT_USER_KEY, answer);
      navigate(next, { replace: true });
    },
    onError: () => form.setFieldValue('password', ''),
  });

  if (isPending) return <FullPageLoader />;
  if (user && !signIn.isPending) return <Navigate to={next} replace />;

  return (
    <Center mih="100vh" p="md" bg="gray.0">
      <Paper component="main" withBorder shadow="sm" p="xl" w="100%" maw={400}>
        <form onSubmit={form.onSubmit((values) => signIn.mutate(values))} noValidate>
          <Stack>
            <div>
              <Title order={1} size="h2">
                Atrium
              </Title>
              <Text c="dimmed" size="sm">
                Workspaces and remote systems in your browser.
              </Text>
            </div>
            {ssoError && !signIn.isError && (
              <Alert color="red" title="Single sign-on did not sign you in" role="alert">
                {ssoError}
              </Alert>
            )}
            {signIn.isError && (
              <Alert color="red" title="Could not sign in" role="alert">
                {sentenceOf(signIn.error)}
              </Alert>
            )}
            <TextInput label="Username" name="username" autoComplete="username" required data-autofocus autoFocus {...form.getInputProps('username')} />
            <PasswordInput label="Password" name="password" autoComplete="current-password" required {...form.getInputProps('password')} />
            <Button type="submit" loading={signIn.isPending}>
              Sign in
            </Button>
            <ProviderButtons next={next} />
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
