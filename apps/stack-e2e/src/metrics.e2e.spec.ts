import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { https, loginAsAdmin, platformHealthy } from './support/stack';
import { launchWorkspace } from './support/workspaces';

/**
 * The Prometheus scrape through kasm_proxy, as a monitoring server makes it: every metric docs/metrics.md lists is
 * in one scrape, and a launch moves the launch histogram.
 */
let admin: string;
let token: string;

const documented = () =>
  [...readFileSync(join(__dirname, '..', '..', '..', 'docs', 'metrics.md'), 'utf8').matchAll(/^\| `(atrium_[a-z_]+)` \|/gm)].map((match) => match[1] as string);

async function scrape(): Promise<string> {
  const response = await https('/api/metrics', { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  return response.body;
}

/** The value of one sample (0 when the series is not there yet). */
const sample = (text: string, series: string) => Number(new RegExp(`^${series.replace(/[{}"]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);

beforeAll(async () => {
  await platformHealthy();
  admin = await loginAsAdmin();
  const created = await https('/api/api-keys', { method: 'POST', cookie: admin, body: { name: 'e2e-prometheus', scopes: ['metrics:read'] } });
  const key = created.json<{ key: string; secret: string }>();
  token = `${key.key}:${key.secret}`;
});

describe('metrics', () => {
  it('refuses a scrape without the key, by its code', async () => {
    const refused = await https('/api/metrics');
    expect([refused.status, refused.json<{ code: string }>().code]).toEqual([401, 'missing_api_key']);
  });

  it('holds every documented metric in one scrape, and a launch moves the launch histogram', async () => {
    const before = await scrape();
    const session = await launchWorkspace(admin);
    await https(`/api/sessions/${session.id}`, { method: 'DELETE', cookie: admin });
    const after = await scrape();
    for (const name of documented()) expect({ name, present: after.includes(`# TYPE ${name} `) }).toEqual({ name, present: true });
    const launchesBefore =
      sample(before, 'atrium_launch_duration_seconds_count{path="cold"}') + sample(before, 'atrium_launch_duration_seconds_count{path="staged"}');
    const launchesAfter =
      sample(after, 'atrium_launch_duration_seconds_count{path="cold"}') + sample(after, 'atrium_launch_duration_seconds_count{path="staged"}');
    expect(launchesAfter).toBe(launchesBefore + 1);
    expect(after).toMatch(/^atrium_agent_online\{agent="[^"]+"\} 1$/m);
    expect(after).toMatch(/atrium_agent_cores\{agent="[^"]+",state="free"\} \d/);
  });
});
