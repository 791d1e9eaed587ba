import { execFileSync, spawnSync } from 'node:child_process';
import { containerOf, execIn, logsOf } from './support/stack';

const images = {
  webapp: 'atrium/webapp:dev',
  agent: 'atrium/agent:dev',
  'connection-proxy': 'atrium/connection-proxy:dev',
  'kasm-proxy': 'atrium/kasm-proxy:dev',
};

/** Runs a role's image with the given environment and returns how it ended. */
function runRole(image: string, env: Record<string, string>) {
  const args = ['run', '--rm', '--network', 'none', ...Object.entries(env).flatMap(([key, value]) => ['-e', `${key}=${value}`]), image];
  return spawnSync('docker', args, { encoding: 'utf8', timeout: 60_000 });
}

describe('a bad or missing setting', () => {
  it.each([
    [images.webapp, {}, 'webapp: invalid setting DB_HOST: is required'],
    [
      images.webapp,
      { DB_HOST: 'db', DB_PASSWORD: 'long-enough-password', AGENT_REGISTRATION_TOKEN: 'x'.repeat(40), PORT: 'eighty' },
      'webapp: invalid setting PORT: ',
    ],
    [images.webapp, { DB_HOST: 'db', DB_PASSWORD_FILE: '/nonexistent' }, 'webapp: invalid setting DB_PASSWORD_FILE: cannot read /nonexistent (ENOENT)'],
    [images.agent, { AGENT_REGISTRATION_TOKEN: 'x'.repeat(40) }, 'agent: invalid setting CONTROL_PLANE_URL: is required'],
    [images['connection-proxy'], { GUACD_PORT: '70000' }, 'connection-proxy: invalid setting GUACD_PORT: must be a port number (1-65535)'],
    [images['kasm-proxy'], { PUBLIC_HOSTNAME: 'bad host;' }, 'kasm-proxy: invalid setting PUBLIC_HOSTNAME: must be a DNS name or IPv4 address'],
  ])('should make %s exit 1 with one line naming the setting (%j)', (image, env, expected) => {
    const result = runRole(image, env);
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(expected);
  });
});

describe('logging', () => {
  it.each(['webapp', 'agent', 'connection_proxy'])('should make %s log JSON lines stamped with its name', (service) => {
    const lines = logsOf(service).trim().split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(JSON.parse(line)).toHaveProperty('service');
  });

  it('should make kasm_proxy log requests as JSON lines', () => {
    const out = execFileSync('docker', ['logs', containerOf('kasm_proxy')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const requests = out
      .trim()
      .split('\n')
      .filter((line) => line.startsWith('{'));
    expect(requests.length).toBeGreaterThan(0);
    expect(JSON.parse(requests[0] as string)).toMatchObject({ service: 'kasm_proxy' });
  });
});

describe("the webapp's database access", () => {
  it('should connect as its own role, which cannot change the schema, while only the migration step holds the owner password', () => {
    const psql = (user: string, password: string, sql: string) =>
      execFileSync('docker', ['exec', '-e', `PGPASSWORD=${password}`, containerOf('db'), 'psql', '-h', '127.0.0.1', '-U', user, '-d', 'atrium', '-tAc', sql], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      }).trim();
    const appPassword = execIn('webapp', ['cat', '/secrets/webapp/db-app-password']);
    expect(psql('atrium_app', appPassword, "select distinct usename from pg_stat_activity where application_name = 'atrium'")).toBe('atrium_app');
    expect(psql('atrium_app', appPassword, 'select count(*) > 0 from users')).toBe('t');
    expect(() => psql('atrium_app', appPassword, 'drop table audit_log')).toThrow(/must be owner/);
    expect(() => psql('atrium_app', appPassword, 'create table stolen (x int)')).toThrow(/permission denied/);
    expect(() => execIn('webapp', ['cat', '/secrets/migrate/db-owner-password'])).toThrow();
    expect(() => execIn('webapp', ['ls', '/secrets/webapp/db-password'])).toThrow();
  });
});
