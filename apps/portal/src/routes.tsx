import { Button, Center, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { createBrowserRouter, Link, Navigate, Outlet } from 'react-router';
import { AgentsPage } from './admin/AgentsPage';
import { AuditPage } from './admin/AuditPage';
import { GroupsPage } from './admin/GroupsPage';
import { LiveSessionsPage } from './admin/LiveSessionsPage';
import { ServersPage } from './admin/ServersPage';
import { UsersPage } from './admin/UsersPage';
import { WorkspacesPage } from './admin/WorkspacesPage';
import { onSignInExpired } from './api/client';
import { queryClient } from './api/query-client';
import { CURRENT_USER_KEY, RequireUser, useCurrentUser } from './auth/current-user';
import { SignInPage } from './auth/SignInPage';
import { SecondFactorPage } from './auth/SecondFactorPage';
import { SecurityPage } from './auth/SecurityPage';
import { DirectoriesPage } from './admin/DirectoriesPage';
import { IdentityProvidersPage } from './admin/IdentityProvidersPage';
import { LauncherPage } from './launcher/LauncherPage';
import { AppLayout } from './layout/AppLayout';
import { MySessionsPage } from './sessions/MySessionsPage';
import { ViewerPage } from './viewer/ViewerPage';

// A 401 from any call: the sign-in expired or was revoked. Pages under RequireUser then send the person to the
// sign-in page, which brings them back to where they were.
onSignInExpired(() => {
  queryClient.setQueryData(CURRENT_USER_KEY, null);
  notifications.show({ id: 'sign-in-expired', color: 'yellow', message: 'Your sign-in expired; sign in again to continue.' });
});

/** Administration pages show only to administrators; the API refuses their calls to anyone else anyway. */
function RequireAdmin() {
  const { data: user } = useCurrentUser();
  return user?.role === 'admin' ? <Outlet /> : <Navigate to="/" replace />;
}

function NotFoundPage() {
  return (
    <Center h="100vh">
      <Stack align="center">
        <Title order={1}>Nothing here</Title>
        <Text c="dimmed">This page does not exist.</Text>
        <Button component={Link} to="/">
          Back to the launcher
        </Button>
      </Stack>
    </Center>
  );
}

export const router = createBrowserRouter([
  { path: '/sign-in', element: <SignInPage /> },
  { path: '/sign-in/second-factor', element: <SecondFactorPage /> },
  // The viewers' paths are the ones the API hands out (desktopViewerPath, remoteViewerPath).
  {
    path: '/desktop/:sessionId',
    element: (
      <RequireUser>
        <ViewerPage kind="container" />
      </RequireUser>
    ),
  },
  {
    path: '/remote/:sessionId',
    element: (
      <RequireUser>
        <ViewerPage kind="remote" />
      </RequireUser>
    ),
  },
  {
    element: (
      <RequireUser>
        <AppLayout />
      </RequireUser>
    ),
    children: [
      { index: true, element: <LauncherPage /> },
      { path: 'sessions', element: <MySessionsPage /> },
      { path: 'security', element: <SecurityPage /> },
      {
        path: 'admin',
        element: <RequireAdmin />,
        children: [
          { index: true, element: <Navigate to="users" replace /> },
          { path: 'users', element: <UsersPage /> },
          { path: 'groups', element: <GroupsPage /> },
          { path: 'workspaces', element: <WorkspacesPage /> },
          { path: 'servers', element: <ServersPage /> },
          { path: 'directories', element: <DirectoriesPage /> },
          { path: 'identity-providers', element: <IdentityProvidersPage /> },
          { path: 'agents', element: <AgentsPage /> },
          { path: 'sessions', element: <LiveSessionsPage /> },
          { path: 'audit', element: <AuditPage /> },
        ],
      },
    ],
  },
  { path: '*', element: <NotFoundPage /> },
]);
