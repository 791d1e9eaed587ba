import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The portal builds to static files that kasm_proxy serves (apps/portal/dist → /usr/share/atrium/ui).
 * `nx serve portal` runs Vite's dev server and sends the API and the streams to the front door of a running
 * stack (`npm run up`, or `nx serve kasm-proxy` on 8443): ATRIUM_DEV_TARGET, https://localhost by default.
 */
const target = process.env['ATRIUM_DEV_TARGET'] ?? 'https://localhost';
// The control plane checks Origin against its public origin; the dev server stands in for that origin.
const upstream = { target, changeOrigin: false, secure: false, ws: true, headers: { origin: target } };

export default defineConfig({
  plugins: [react()],
  // Workspace libraries resolve to their TypeScript sources, as everywhere else in the monorepo.
  resolve: { conditions: ['@atrium/source', 'module', 'browser', 'default'] },
  // noVNC awaits at the top level of a module (its H.264 support probe).
  build: { target: 'es2022', outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: { port: 5173, proxy: { '/api': upstream, '^/desktop/[^/]+/websockify': upstream, '/guac/': upstream } },
});
