import { createWorkspaceSchema, type Workspace } from '@atrium/contracts';
import { zodValidator } from '../forms/zod-validator';
import { emptyWorkspaceForm, workspaceFormOf, workspaceInputOf } from './workspace-form';

const validate = (form: typeof emptyWorkspaceForm) => zodValidator(createWorkspaceSchema)(workspaceInputOf(form));

describe('the workspace dialog', () => {
  it('should send lists one per line, the command argument by argument, and an empty command as the image’s own', () => {
    const input = workspaceInputOf({
      ...emptyWorkspaceForm,
      name: 'intranet',
      image: 'example/intranet:1',
      launchCommand: 'my-app\n--flag with spaces\n',
      urlBlocklist: '*\n\n',
      urlAllowlist: 'intranet.example\n  wiki.example  ',
      homepage: 'https://intranet.example/',
    });
    expect(input.launchCommand).toEqual(['my-app', '--flag with spaces']);
    expect(input.browser).toEqual({
      homepage: 'https://intranet.example/',
      kiosk: false,
      urlAllowlist: ['intranet.example', 'wiki.example'],
      urlBlocklist: ['*'],
    });
    expect(workspaceInputOf({ ...emptyWorkspaceForm, launchCommand: '\n \n' }).launchCommand).toBeNull();
    expect(validate({ ...emptyWorkspaceForm, name: 'intranet', image: 'example/intranet:1' })).toEqual({});
  });

  it('should refuse a run config that is not JSON, or that asks for what the allow-list leaves out, in the schema’s words', () => {
    const form = { ...emptyWorkspaceForm, name: 'x', image: 'example/x:1' };
    expect(validate({ ...form, runConfig: '{ not json' })).toHaveProperty('runConfig');
    expect(validate({ ...form, runConfig: '{"privileged": true}' }).runConfig).toMatch(/privileged/);
    expect(validate({ ...form, runConfig: '{"shm_size": "1g"}' })).toEqual({});
  });

  it('should ask for the network when egress is a named network', () => {
    const form = { ...emptyWorkspaceForm, name: 'x', image: 'example/x:1', egress: 'network' as const };
    expect(validate(form)).toHaveProperty('egressNetwork');
    expect(validate({ ...form, egressNetwork: 'intranet' })).toEqual({});
  });

  it('should show a workspace as it is stored and send it back unchanged', () => {
    const workspace: Workspace = {
      id: '6f1c1d2e-3b4a-4c5d-8e6f-7a8b9c0d1e2f',
      name: 'chromium',
      friendlyName: 'Chromium',
      description: 'A browser',
      categories: ['Browsers'],
      iconUrl: '/icons/chromium.png',
      image: 'atrium/workspace-chromium:dev',
      launchCommand: null,
      runConfig: { shm_size: '512m' },
      browser: { homepage: null, kiosk: true, urlAllowlist: [], urlBlocklist: ['example.org'] },
      userNamespaces: true,
      cores: 1,
      memoryMb: 2048,
      enabled: true,
      defaultResolution: '1280x720',
      egress: 'internet',
      egressNetwork: null,
      cpuHardLimit: false,
      stagingSize: 0,
      persistentProfile: true,
      profileSizeMb: 256,
    };
    const { id: _id, ...stored } = workspace;
    expect(workspaceInputOf(workspaceFormOf(workspace))).toEqual(stored);
  });
});
