import type { ProvisionRequest } from '@atrium/contracts';
import { workspaceContainerSpec, type WorkspaceLimits } from './workspace-container-spec';

const limits: WorkspaceLimits = { socketGid: 1100, egressNetwork: 'atrium_egress', homeSizeMb: 512, tmpSizeMb: 256, pidsLimit: 512, logMaxSize: '1m' };
const dir = (path: string) => ({ path, configPath: `${path}.config` });
const request = (egress: 'none' | 'internet'): ProvisionRequest => ({
  sessionId: '6f1c1d2e-3b4a-4c5d-8e6f-7a8b9c0d1e2f',
  ownerId: '0b6c4c1e-3f1a-4c55-9d7e-2a1f0c9b8e77',
  workspace: {
    id: '1a2b3c4d-0000-4000-8000-000000000001',
    name: 'terminal',
    image: 'atrium/workspace-terminal:dev',
    cores: 1,
    memoryMb: 768,
    resolution: '1280x720',
    egress,
    egressNetwork: null,
    cpuHardLimit: false,
    launchCommand: null,
    runConfig: {},
    browser: { homepage: null, kiosk: false, urlAllowlist: [], urlBlocklist: [] },
    userNamespaces: false,
    persistentProfile: false,
    profileSizeMb: 512,
  },
  environment: {},
});

describe('workspaceContainerSpec', () => {
  it("should pass an integration's environment, but never let it replace Atrium's own settings", () => {
    const env =
      workspaceContainerSpec({ ...request('none'), environment: { PROJECT: 'apollo', VNC_PORT: '5901', GEOMETRY: '1x1' } }, dir('/d'), 'a', limits).Env ?? [];
    expect(env).toContain('PROJECT=apollo');
    expect(env).not.toContain('VNC_PORT=5901');
    expect(env.filter((entry) => entry.startsWith('GEOMETRY='))).toEqual(['GEOMETRY=1280x720']);
  });

  it('should give a workspace with internet egress only the egress bridge, never a role network', () => {
    const spec = workspaceContainerSpec(request('internet'), dir('/var/lib/atrium/sessions/a/s'), 'a', limits);
    expect(spec.HostConfig?.NetworkMode).toBe('atrium_egress');
    expect(spec.NetworkingConfig).toBeUndefined();
  });

  it('should give a workspace without egress no network at all', () => {
    expect(workspaceContainerSpec(request('none'), dir('/d'), 'a', limits).HostConfig?.NetworkMode).toBe('none');
  });

  it('should share only the session directory with the host, and run with no privileges and a read-only root', () => {
    const host = workspaceContainerSpec(request('internet'), dir('/var/lib/atrium/sessions/a/s'), 'a', limits).HostConfig;
    expect(host?.Binds).toEqual(['/var/lib/atrium/sessions/a/s:/run/atrium/vnc', '/var/lib/atrium/sessions/a/s.config:/run/atrium/config:ro']);
    expect(host).toMatchObject({ CapDrop: ['ALL'], SecurityOpt: ['no-new-privileges:true'], ReadonlyRootfs: true, GroupAdd: ['1100'] });
    expect(host?.Privileged).toBeUndefined();
    expect(host?.PortBindings).toBeUndefined();
  });

  it('should bound memory, processes, writable space and logs, and give CPU as shares that may be overcommitted', () => {
    const host = workspaceContainerSpec(request('none'), dir('/d'), 'a', limits).HostConfig;
    expect(host).toMatchObject({ Memory: 768 << 20, MemorySwap: 768 << 20, CpuShares: 1024, PidsLimit: 512 });
    expect(host?.NanoCpus).toBeUndefined();
    expect(host?.Tmpfs).toEqual({ '/tmp': 'rw,nosuid,nodev,size=256m', '/home/user': 'rw,nosuid,nodev,size=512m,uid=1000,gid=1000,mode=0700' });
    expect(host?.LogConfig).toEqual({ Type: 'json-file', Config: { 'max-size': '1m', 'max-file': '2' } });
  });

  it('should cap the CPU hard when the workspace asks for a hard limit, and give small workspaces at least the minimum share', () => {
    const hard = workspaceContainerSpec(
      { ...request('none'), workspace: { ...request('none').workspace, cpuHardLimit: true, cores: 0.5 } },
      dir('/d'),
      'a',
      limits,
    );
    expect(hard.HostConfig).toMatchObject({ NanoCpus: 5e8 });
    expect(hard.HostConfig?.CpuShares).toBeUndefined();
    const tiny = workspaceContainerSpec({ ...request('none'), workspace: { ...request('none').workspace, cores: 0.001 } }, dir('/d'), 'a', limits);
    expect(tiny.HostConfig?.CpuShares).toBe(2);
  });

  it('should put no secret in the environment', () => {
    const env = workspaceContainerSpec(request('none'), dir('/d'), 'a', limits).Env ?? [];
    expect(env.join(' ')).not.toMatch(/PASSWORD=(?!.*\/)/);
    expect(env).toContain('VNC_PASSWD_FILE=/run/atrium/vnc/vnc-passwd');
  });

  const withWorkspace = (change: Partial<ProvisionRequest['workspace']>) => ({
    ...request('internet'),
    workspace: { ...request('internet').workspace, ...change },
  });

  it("should run the administrator's command and allow-listed run settings, their variables before Atrium's own", () => {
    const spec = workspaceContainerSpec(
      withWorkspace({
        launchCommand: ['my-app', '--flag'],
        runConfig: { hostname: 'intranet-box', shm_size: '1g', working_dir: '/srv', environment: { TEAM: 'blue', GEOMETRY: '1x1' } },
      }),
      dir('/d'),
      'a',
      limits,
    );
    expect(spec).toMatchObject({ Cmd: ['my-app', '--flag'], Hostname: 'intranet-box', WorkingDir: '/srv' });
    expect(spec.HostConfig?.ShmSize).toBe(768 << 20);
    expect(spec.Env).toContain('TEAM=blue');
    expect(spec.Env?.filter((entry) => entry.startsWith('GEOMETRY='))).toEqual(['GEOMETRY=1280x720']);
    expect(workspaceContainerSpec(request('none'), dir('/d'), 'a', limits).Cmd).toBeUndefined();
  });

  it('should tell the browser its homepage and kiosk mode', () => {
    const env = workspaceContainerSpec(
      withWorkspace({ browser: { homepage: 'https://intranet.example/', kiosk: true, urlAllowlist: [], urlBlocklist: [] } }),
      dir('/d'),
      'a',
      limits,
    ).Env;
    expect(env).toEqual(expect.arrayContaining(['BROWSER_KIOSK=true', 'BROWSER_HOMEPAGE=https://intranet.example/']));
  });

  it('should join the Docker network an administrator named, and no network when egress network names none', () => {
    expect(workspaceContainerSpec(withWorkspace({ egress: 'network', egressNetwork: 'intranet' }), dir('/d'), 'a', limits).HostConfig?.NetworkMode).toBe(
      'intranet',
    );
    expect(workspaceContainerSpec(withWorkspace({ egress: 'network', egressNetwork: null }), dir('/d'), 'a', limits).HostConfig?.NetworkMode).toBe('none');
  });

  it("should keep Docker's default seccomp profile unless the workspace's browser needs user namespaces", () => {
    expect(workspaceContainerSpec(request('none'), dir('/d'), 'a', limits).HostConfig?.SecurityOpt).toEqual(['no-new-privileges:true']);
    const options = workspaceContainerSpec(withWorkspace({ userNamespaces: true }), dir('/d'), 'a', limits).HostConfig?.SecurityOpt ?? [];
    expect(options[0]).toBe('no-new-privileges:true');
    const profile = JSON.parse((options[1] ?? '').replace(/^seccomp=/, '')) as { syscalls: { names: string[]; action: string }[] };
    const refused = profile.syscalls.flatMap((rule) => (rule.action === 'SCMP_ACT_ERRNO' ? rule.names : []));
    expect(refused).toEqual(expect.arrayContaining(['mount', 'setns', 'bpf', 'keyctl', 'init_module', 'io_uring_setup']));
    expect(refused).not.toEqual(expect.arrayContaining(['unshare']));
    expect(refused).not.toContain('clone');
    expect(refused).not.toContain('chroot');
  });

  it("should start a persistent workspace in a home of its profile's size, with the owner's kept home mounted read-only", () => {
    const spec = workspaceContainerSpec(withWorkspace({ persistentProfile: true, profileSizeMb: 300 }), dir('/d'), 'a', limits, '/profiles/a/u/w.tar');
    expect(spec.HostConfig?.Tmpfs?.['/home/user']).toContain('size=300m');
    expect(spec.HostConfig?.Binds).toContain('/profiles/a/u/w.tar:/run/atrium/profile/home.tar:ro');
    expect(spec.Labels).toMatchObject({ 'atrium.profile-mb': '300', 'atrium.owner': request('none').ownerId });
    const first = workspaceContainerSpec(withWorkspace({ persistentProfile: true, profileSizeMb: 300 }), dir('/d'), 'a', limits);
    expect(first.HostConfig?.Binds?.some((bind) => bind.includes('home.tar'))).toBe(false);
    expect(workspaceContainerSpec(request('none'), dir('/d'), 'a', limits).Labels).not.toHaveProperty('atrium.profile-mb');
  });
});
