import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './api-error';

/** Server state for the whole portal: retried once unless the answer was a refusal (4xx), which retrying cannot fix. */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      retry: (failures, error) => failures < 1 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
      refetchOnWindowFocus: true,
      staleTime: 5_000,
    },
  },
});
