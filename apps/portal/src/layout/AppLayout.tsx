import { AppShell, Burger, Group, NavLink, ScrollArea, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { NavLink as RouterLink, Outlet, useLocation } from 'react-router';
import { useCurrentUser } from '../auth/current-user';
import { HealthBadge } from './HealthBadge';
import { UserMenu } from './UserMenu';

const USER_PAGES = [
  { to: '/', label: 'Launcher' },
  { to: '/sessions', label: 'My sessions' },
  { to: '/security', label: 'Security' },
];

/** Administration appears for administrators only; the API refuses these pages' calls to anyone else anyway. */
const ADMIN_PAGES = [
  { to: '/admin/users', label: 'Users' },
  { to: '/admin/groups', label: 'Groups' },
  { to: '/admin/workspaces', label: 'Workspaces' },
  { to: '/admin/servers', label: 'Servers' },
  { to: '/admin/directories', label: 'Directories' },
  { to: '/admin/identity-providers', label: 'Identity providers' },
  { to: '/admin/agents', label: 'Agents' },
  { to: '/admin/sessions', label: 'Live sessions' },
  { to: '/admin/audit', label: 'Audit log' },
];

/** The portal's frame: header with the user menu, navigation (a drawer on narrow windows), the page. */
export function AppLayout() {
  const [opened, { toggle, close }] = useDisclosure();
  const { data: user } = useCurrentUser();
  const { pathname } = useLocation();
  const link = (page: { to: string; label: string }) => (
    <NavLink
      key={page.to}
      component={RouterLink}
      to={page.to}
      label={page.label}
      active={page.to === '/' ? pathname === '/' : pathname.startsWith(page.to)}
      onClick={close}
    />
  );

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Navigation" />
            <Title order={1} size="h3">
              Atrium
            </Title>
            <HealthBadge />
          </Group>
          <UserMenu />
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Pages">
        <ScrollArea>
          {USER_PAGES.map(link)}
          {user?.role === 'admin' && (
            <>
              <Text size="xs" fw={700} c="dimmed" tt="uppercase" mt="md" mb={4} px="sm">
                Administration
              </Text>
              {ADMIN_PAGES.map(link)}
            </>
          )}
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
