/**
 * testcontainers' reaper (Ryuk) is an image pulled from a registry, which offline hosts cannot reach;
 * every helper here stops what it starts instead.
 */
export function ensureDockerEnvironment(): void {
  process.env['TESTCONTAINERS_RYUK_DISABLED'] ??= 'true';
}
