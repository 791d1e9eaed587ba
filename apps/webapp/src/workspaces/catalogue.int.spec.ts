import { readFileSync } from 'node:fs';
import type { ErrorEnvelope, Workspace } from '@atrium/contracts';
import { StandInAgent } from '../testing/stand-in-agent';
import { apiCall, bodyOf, signIn, startTestApp, type TestApp } from '../testing/test-app';

/** The catalogue: the images Atrium ships, and an administrator's own with their launch settings. */
let app: TestApp;
const agent = new StandInAgent();
let admin: string;
let user: string;

beforeAll(async () => {
  app = await startTestApp();
  await agent.register(app);
  admin = await signIn(app, 'admin', readFileSync(app.ctx.config.INITIAL_ADMIN_PASSWORD_PATH, 'utf8').trim());
  await apiCall(app, '/api/users', admin, 'POST', { username: 'cora', password: 'cora-password-123' });
  user = await signIn(app, 'cora', 'cora-password-123');
});
afterAll(async () => {
  await agent.close();
  await app.close();
});

const byName = (workspaces: Workspace[], name: string) => workspaces.find((workspace) => workspace.name === name);
const envelope = (response: Response) => bodyOf<ErrorEnvelope>(response);

const ownImage = {
  name: 'intranet',
  friendlyName: 'Intranet',
  image: 'example/intranet-browser:1',
  categories: ['Browsers', 'Intranet'],
  iconUrl: 'https://icons.example.org/intranet.png',
  launchCommand: ['intranet-browser', '--profile', '/home/user/p'],
  runConfig: { hostname: 'intranet-desk', shm_size: '1g', environment: { TEAM: 'blue' } },
  browser: { homepage: 'https://intranet.example/', kiosk: true, urlAllowlist: ['intranet.example'], urlBlocklist: ['*'] },
  userNamespaces: true,
  egress: 'network',
  egressNetwork: 'intranet',
};

describe('the catalogue', () => {
  it('should ship chromium, firefox, desktop, office and terminal, each with a friendly name, a category and its icon', async () => {
    const catalogue = await bodyOf<Workspace[]>(await apiCall(app, '/api/workspaces', user));
    expect(catalogue.map((workspace) => workspace.name).sort()).toEqual(expect.arrayContaining(['chromium', 'desktop', 'firefox', 'office', 'terminal']));
    expect(byName(catalogue, 'chromium')).toMatchObject({
      friendlyName: 'Chromium',
      categories: ['Browsers'],
      iconUrl: '/icons/chromium.png',
      userNamespaces: true,
    });
    expect(byName(catalogue, 'office')).toMatchObject({ friendlyName: 'LibreOffice', categories: ['Office'], iconUrl: '/icons/office.svg' });
    expect(byName(catalogue, 'terminal')).toMatchObject({ friendlyName: 'Terminal', categories: ['Development'] });
  });

  it("should add an administrator's own image with its launch settings, and hand them to the agent at launch", async () => {
    const created = await apiCall(app, '/api/workspaces', admin, 'POST', ownImage);
    expect(created.status).toBe(201);
    const workspace = await bodyOf<Workspace>(created);
    expect(workspace).toMatchObject({ ...ownImage, cpuHardLimit: false, stagingSize: 0 });
    const launched = await apiCall(app, '/api/sessions', admin, 'POST', { workspaceId: workspace.id });
    expect(launched.status).toBe(201);
    expect(agent.callsOf('provision').at(-1)?.body).toMatchObject({
      workspace: {
        image: ownImage.image,
        launchCommand: ownImage.launchCommand,
        runConfig: ownImage.runConfig,
        browser: ownImage.browser,
        userNamespaces: true,
        egress: 'network',
        egressNetwork: 'intranet',
      },
    });
  });

  it.each([
    ['a run setting outside the allow-list', { runConfig: { privileged: true } }, 'runConfig'],
    ['a volume', { runConfig: { volumes: { '/': { bind: '/host' } } } }, 'runConfig'],
    ["one of Atrium's own variables", { runConfig: { environment: { VNC_SOCKET: '/tmp/x' } } }, 'runConfig.environment'],
    ['an icon with a script scheme', { iconUrl: 'javascript:alert(1)' }, 'iconUrl'],
    ['egress to a network without its name', { egress: 'network' }, 'egressNetwork'],
    ['a network name with other egress', { egress: 'none', egressNetwork: 'intranet' }, 'egressNetwork'],
  ])('should refuse %s with 400, naming the field', async (_what, change, field) => {
    const answer = await apiCall(app, '/api/workspaces', admin, 'POST', { name: 'refused', image: 'example/x:1', egress: 'internet', ...change });
    expect(answer.status).toBe(400);
    const body = await envelope(answer);
    expect(body.code).toBe('validation_failed');
    expect(JSON.stringify(body.validations)).toContain(field);
  });

  it('should forget the named network when a workspace leaves that egress, and ask for one when it takes it', async () => {
    const workspace = byName(await bodyOf<Workspace[]>(await apiCall(app, '/api/workspaces', admin)), 'intranet') as Workspace;
    const none = await bodyOf<Workspace>(await apiCall(app, `/api/workspaces/${workspace.id}`, admin, 'PATCH', { egress: 'none' }));
    expect(none).toMatchObject({ egress: 'none', egressNetwork: null, browser: ownImage.browser });
    const refused = await apiCall(app, `/api/workspaces/${workspace.id}`, admin, 'PATCH', { egress: 'network' });
    expect(refused.status).toBe(400);
    expect((await envelope(refused)).code).toBe('validation_failed');
    const back = await bodyOf<Workspace>(await apiCall(app, `/api/workspaces/${workspace.id}`, admin, 'PATCH', { egress: 'network', egressNetwork: 'lab' }));
    expect(back).toMatchObject({ egress: 'network', egressNetwork: 'lab' });
  });

  it('should refuse catalogue changes to an ordinary user, whatever they send', async () => {
    const answer = await apiCall(app, '/api/workspaces', user, 'POST', { ...ownImage, name: 'mine' });
    expect(answer.status).toBe(403);
    expect((await envelope(answer)).code).toBe('admin_only');
  });
});
