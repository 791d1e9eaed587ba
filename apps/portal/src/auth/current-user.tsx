import type { CurrentUser } from '@atrium/contracts';
import { Center, Loader } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { ApiError } from '../api/api-error';
import { api } from '../api/client';
import { secondFactorPathFor, signInPathFor } from './next-path';

export const CURRENT_USER_KEY = ['me'] as const;

/** The signed-in person, or null when nobody is (a 401 is an answer here, not an error). */
export function useCurrentUser() {
  return useQuery<CurrentUser | null>({
    queryKey: CURRENT_USER_KEY,
    queryFn: () => api.me().catch((error) => (error instanceof ApiError && error.status === 401 ? null : Promise.reject(error))),
    staleTime: 60_000,
  });
}

export const FullPageLoader = () => (
  <Center h="100vh" aria-busy="true">
    <Loader aria-label="Loading" />
  </Center>
);

/** Whether this browser's session passed the password and owes its second factor (the server says so by code). */
function useOwesSecondFactor(enabled: boolean) {
  return useQuery({
    queryKey: ['owes-second-factor'],
    queryFn: () =>
      api.secondFactorStatus().then(
        () => true,
        () => false,
      ),
    enabled,
    staleTime: 0,
  });
}

/**
 * Pages for signed-in people: anyone else goes to the sign-in page (or, having given the password, to the second
 * factor it still owes), and comes back here afterwards.
 */
export function RequireUser({ children }: { children: ReactNode }) {
  const { data: user, isPending } = useCurrentUser();
  const owes = useOwesSecondFactor(!isPending && !user);
  const location = useLocation();
  const here = location.pathname + location.search;
  if (isPending || (!user && owes.isPending)) return <FullPageLoader />;
  if (!user) return <Navigate to={owes.data ? secondFactorPathFor(here) : signInPathFor(here)} replace />;
  return children;
}
