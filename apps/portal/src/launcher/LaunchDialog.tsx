import type { RemoteCredentials } from '@atrium/contracts';
import { Alert, Button, Group, Modal, PasswordInput, Stack, Stepper, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../api/client';
import { LAUNCH_STEPS, launchProgress, launchRefusal } from './launch-progress';
import { viewerPathOf, type LaunchTarget } from './launch-target';
import { useStartingSession } from './use-starting-session';

/**
 * Launching: the request answers at once (the session in `provisioning`), then the control plane pushes each change
 * (`useStartingSession`) until it runs, when the viewer opens, or fails, when the dialog says why. A server that asks for
 * credentials at connect time gets them here; they go to the control plane once and are never stored.
 */
export function LaunchDialog({ target, onClose }: { target: LaunchTarget; onClose: () => void }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const needsCredentials = target.kind === 'server' && target.promptsForCredentials;
  const credentials = useForm<RemoteCredentials>({ initialValues: { username: '', password: '' } });
  const launch = useMutation({
    mutationFn: (given?: RemoteCredentials) =>
      api.launch(target.kind === 'workspace' ? { workspaceId: target.id } : { serverId: target.id, ...(given && { credentials: given }) }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['sessions'] }),
  });
  const session = useStartingSession(launch.data);

  // One launch per dialog, also when React runs the effect twice (development's strict mode).
  const started = useRef(false);
  useEffect(() => {
    if (needsCredentials || started.current) return;
    started.current = true;
    launch.mutate(undefined);
  }, [needsCredentials, launch]);
  useEffect(() => {
    if (session?.state === 'running') navigate(viewerPathOf(session));
  }, [session, navigate]);

  const asking = needsCredentials && launch.isIdle;
  const progress = launch.isError ? launchRefusal(launch.error) : launchProgress(session?.state, session?.errorMessage ?? null);

  return (
    <Modal opened onClose={onClose} title={`Opening ${target.name}`} centered>
      {asking ? (
        <form onSubmit={credentials.onSubmit((given) => launch.mutate(given))}>
          <Stack>
            <Text size="sm">{target.name} asks for your credentials. They are used for this connection only and never stored.</Text>
            <TextInput label="Username" autoComplete="off" required {...credentials.getInputProps('username')} />
            <PasswordInput label="Password" autoComplete="off" required {...credentials.getInputProps('password')} />
            <Group justify="flex-end">
              <Button type="submit">Connect</Button>
            </Group>
          </Stack>
        </form>
      ) : (
        <Stack>
          <Stepper active={progress.active} size="sm" aria-label="Launch progress">
            {LAUNCH_STEPS.map((step, index) => (
              <Stepper.Step
                key={step}
                label={step}
                loading={!progress.failed && index === progress.active}
                color={progress.failed && index === progress.active ? 'red' : undefined}
              />
            ))}
          </Stepper>
          {progress.failed ? (
            <Alert color="red" title="It did not start" role="alert">
              {progress.label}
            </Alert>
          ) : (
            <Text size="sm" role="status" data-testid="launch-status">
              {progress.label}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {progress.failed ? 'Close' : 'Hide'}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
