import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { https, loginAsAdmin, platformHealthy } from './support/stack';
import { openDesktop } from './support/rfb-client';
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

/** The value of the series of `name` whose labels include `labels`, in whatever order they are written (0 if none). */
function labelled(text: string, name: string, labels: Record<string, string>): number {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    if (Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`))) return Number(line.split(' ').at(-1));
  }
  return 0;
}

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

  it('holds every documented metric in one scrape, a launch moves the launch histogram and a viewer the stream counters', async () => {
    const before = await scrape();
    const session = await launchWorkspace(admin);
    // A viewer reads one full screen: the agent relays it, and counts it.
    const viewer = await openDesktop(session.id, { cookie: admin });
    const init = await viewer.handshake();
    viewer.requestUpdate(init.width, init.height, false);
    await viewer.readUpdate();
    const during = await scrape();
    viewer.close();
    await https(`/api/sessions/${session.id}`, { method: 'DELETE', cookie: admin });
    const after = await scrape();
    expect(labelled(during, 'atrium_stream_connections', { kind: 'desktop', agent: 'e2e-agent' })).toBe(1);
    const relayed = (text: string) => labelled(text, 'atrium_stream_bytes_total', { kind: 'desktop', direction: 'to_browser', agent: 'e2e-agent' });
    // A full screen of raw pixels, 4 bytes each, went to the viewer.
    expect(relayed(during) - relayed(before)).toBeGreaterThan(init.width * init.height * 4);
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
