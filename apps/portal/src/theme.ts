import { createTheme } from '@mantine/core';

/** Atrium's look: Mantine's defaults with a teal accent and system fonts (nothing is fetched from elsewhere). */
export const theme = createTheme({
  primaryColor: 'teal',
  defaultRadius: 'md',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
});
