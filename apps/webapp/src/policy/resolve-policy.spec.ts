import type { ResolvedPolicy } from '@atrium/contracts';
import { resolvePolicy, workspaceResourcesFor, type PolicyGroup } from './resolve-policy';

const defaults: ResolvedPolicy = {
  max_kasms_per_user: 3,
  keepalive_expiration: 3600,
  session_time_limit: 28_800,
  idle_disconnect: 0,
  allow_kasm_clipboard_up: true,
  allow_kasm_clipboard_down: true,
  allow_kasm_uploads: true,
  allow_kasm_downloads: true,
  allow_kasm_audio: true,
  allow_kasm_microphone: false,
  allow_kasm_pause: true,
  allow_kasm_stop: true,
  allow_kasm_delete: true,
  allow_kasm_sharing: false,
  shared_session_full_control: false,
  shared_session_audio: false,
  require_2fa: false,
  allow_totp_2fa: true,
  allow_webauthn_2fa: true,
  workspace_resources: {},
};

const WORKSPACE = '00000000-0000-4000-8000-00000000000a';
const group = (name: string, priority: number, settings: PolicyGroup['settings']): PolicyGroup => ({
  id: `00000000-0000-4000-8000-${String(priority).padStart(12, '0')}`,
  name,
  priority,
  settings,
});

describe('resolvePolicy', () => {
  it.each<[string, PolicyGroup[], Partial<ResolvedPolicy>]>([
    ['no groups: the defaults', [], {}],
    ['one group sets one setting', [group('a', 10, { max_kasms_per_user: 1 })], { max_kasms_per_user: 1 }],
    [
      'the lower priority number wins',
      [group('loose', 50, { allow_kasm_clipboard_up: true }), group('strict', 5, { allow_kasm_clipboard_up: false })],
      { allow_kasm_clipboard_up: false },
    ],
    [
      'the order of the input does not matter',
      [group('strict', 5, { allow_kasm_clipboard_up: false }), group('loose', 50, { allow_kasm_clipboard_up: true })],
      { allow_kasm_clipboard_up: false },
    ],
    [
      'a group that does not set a setting leaves it to the next',
      [group('first', 1, { idle_disconnect: 15 }), group('second', 2, { keepalive_expiration: 20 })],
      { idle_disconnect: 15, keepalive_expiration: 20 },
    ],
    ['equal priorities: the name decides', [group('b', 7, { max_kasms_per_user: 9 }), group('a', 7, { max_kasms_per_user: 4 })], { max_kasms_per_user: 4 }],
    [
      'false is a value, not an absence',
      [group('deny', 1, { allow_kasm_delete: false }), group('allow', 2, { allow_kasm_delete: true })],
      { allow_kasm_delete: false },
    ],
  ])('%s', (_name, groups, expected) => {
    expect(resolvePolicy(defaults, groups).policy).toEqual({ ...defaults, ...expected });
  });

  it('merges workspace resources per field, the higher priority group deciding each field it sets', () => {
    const { policy } = resolvePolicy(defaults, [
      group('big', 2, { workspace_resources: { [WORKSPACE]: { cores: 4, memory_mb: 8192 } } }),
      group('memory-only', 1, { workspace_resources: { [WORKSPACE]: { memory_mb: 2048 } } }),
    ]);
    expect(policy.workspace_resources[WORKSPACE]).toEqual({ cores: 4, memory_mb: 2048 });
    expect(workspaceResourcesFor(policy, { id: WORKSPACE, cores: 1, memoryMb: 1024 })).toEqual({ cores: 4, memoryMb: 2048 });
    expect(workspaceResourcesFor(policy, { id: '00000000-0000-4000-8000-00000000000b', cores: 1, memoryMb: 1024 })).toEqual({ cores: 1, memoryMb: 1024 });
  });

  it('names the group that decided each setting, and null for defaults', () => {
    const strict = group('strict', 1, { allow_kasm_sharing: true });
    const { decidedBy } = resolvePolicy(defaults, [strict, group('other', 2, { allow_kasm_sharing: false })]);
    expect(decidedBy['allow_kasm_sharing']).toEqual({ groupId: strict.id, groupName: 'strict' });
    expect(decidedBy['max_kasms_per_user']).toBeNull();
  });

  it('does not change the defaults it was given', () => {
    resolvePolicy(defaults, [group('a', 1, { workspace_resources: { [WORKSPACE]: { cores: 2 } } })]);
    expect(defaults.workspace_resources).toEqual({});
  });
});
