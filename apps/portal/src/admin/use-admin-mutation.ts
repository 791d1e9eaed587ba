import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { sentenceOf } from '../api/api-error';

/**
 * An administrative change: on success it says what was done and refreshes the lists it touched; on failure
 * it shows the API's sentence. `onDone` runs after success (closing a dialog, for instance).
 */
export function useAdminMutation<Input, Output>(options: {
  run: (input: Input) => Promise<Output>;
  done: (input: Input) => string;
  refresh: string[];
  onDone?: () => void;
}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: options.run,
    onSuccess: (_output, input) => {
      notifications.show({ color: 'teal', message: options.done(input) });
      options.onDone?.();
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Not done', message: sentenceOf(error) }),
    onSettled: () => Promise.all(options.refresh.map((key) => queryClient.invalidateQueries({ queryKey: [key] }))),
  });
}
