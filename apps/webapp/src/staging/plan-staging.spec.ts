import type { Workspace } from '@atrium/contracts';
import type { StagingSlot } from '@atrium/db';
import { planStaging, STARTING_GIVE_UP_MS } from './plan-staging';

const NOW = Date.parse('2026-11-25T12:00:00Z');
const workspace = (id: string, stagingSize: number, overrides: Partial<Workspace> = {}): Workspace => ({
  id,
  name: id,
  friendlyName: id,
  description: '',
  categories: [],
  iconUrl: null,
  image: 'img:1',
  launchCommand: null,
  runConfig: {},
  browser: { homepage: null, kiosk: false, urlAllowlist: [], urlBlocklist: [] },
  userNamespaces: false,
  cores: 1,
  memoryMb: 512,
  enabled: true,
  defaultResolution: '1280x720',
  egress: 'none',
  egressNetwork: null,
  cpuHardLimit: false,
  stagingSize,
  persistentProfile: false,
  profileSizeMb: 512,
  ...overrides,
});
const slot = (id: string, workspaceId: string, overrides: Partial<StagingSlot> = {}): StagingSlot => ({
  id,
  workspaceId,
  agentId: 'agent',
  image: 'img:1',
  cores: 1,
  memoryMb: 512,
  state: 'ready',
  containerId: `c-${id}`,
  createdAt: new Date(NOW - 1000),
  ...overrides,
});

const summary = (plan: ReturnType<typeof planStaging>) => ({
  retire: plan.retire.map((entry) => `${entry.slot.id}: ${entry.reason}`),
  missing: Object.fromEntries(plan.missing),
});

describe('planStaging', () => {
  it.each<[string, Workspace[], StagingSlot[], ReturnType<typeof summary>]>([
    ['an empty pool of two is short of two', [workspace('w', 2)], [], { retire: [], missing: { w: 2 } }],
    ['starting slots count: no double start', [workspace('w', 2)], [slot('a', 'w', { state: 'starting' })], { retire: [], missing: { w: 1 } }],
    ['a full pool needs nothing', [workspace('w', 1)], [slot('a', 'w')], { retire: [], missing: {} }],
    [
      'a new image retires the old slots and refills',
      [workspace('w', 1, { image: 'img:2' })],
      [slot('a', 'w')],
      { retire: ['a: the workspace image changed'], missing: { w: 1 } },
    ],
    [
      'a smaller pool retires the newest slots',
      [workspace('w', 1)],
      [slot('old', 'w'), slot('new', 'w')],
      { retire: ['new: the pool is smaller now'], missing: {} },
    ],
    ['no pool any more: every slot goes', [workspace('w', 0)], [slot('a', 'w')], { retire: ['a: the workspace keeps no pool'], missing: {} }],
    [
      'a disabled workspace keeps no pool',
      [workspace('w', 2, { enabled: false })],
      [slot('a', 'w')],
      { retire: ['a: the workspace keeps no pool'], missing: {} },
    ],
    ['a deleted workspace keeps no pool', [], [slot('a', 'gone')], { retire: ['a: the workspace keeps no pool'], missing: {} }],
    [
      'a slot stuck starting is replaced',
      [workspace('w', 1)],
      [slot('stuck', 'w', { state: 'starting', createdAt: new Date(NOW - STARTING_GIVE_UP_MS - 1) })],
      { retire: ['stuck: it never became ready'], missing: { w: 1 } },
    ],
  ])('%s', (_name, workspaces, slots, expected) => {
    expect(summary(planStaging(workspaces, slots, NOW))).toEqual(expected);
  });
});
