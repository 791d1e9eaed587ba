import { loginRequestSchema, type LoginRequest } from '@atrium/contracts';
import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { sentenceOf } from '../api/api-error';
import { api } from '../api/client';
import { zodValidator } from '../forms/zod-validator';
import { CURRENT_USER_KEY, FullPageLoader, useCurrentUser } from './current-user';
import { safeNextPath, secondFactorPathFor } from './next-path';

/** Sign in; afterwards, back to the page that sent the person here. */
export function SignInPage() {
  const [params] = useSearchParams();
  const next = safeNextPath(params.get('next'));
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
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
