import { settingNames, type GroupSettings, type ResolvedPolicy, type WorkspaceResources } from '@atrium/contracts';

/** One of the user's groups, as resolution needs it. */
export interface PolicyGroup {
  id: string;
  name: string;
  priority: number;
  settings: GroupSettings;
}

export type DecidedBy = Record<string, { groupId: string; groupName: string } | null>;

type ScalarSetting = Exclude<keyof GroupSettings, 'workspace_resources'>;

/**
 * The rule (docs/operations.md, "Group policies"): the user's groups are ordered by priority, lowest number
 * first (ties by name, so the order is total); each setting takes the value of the first group that sets it,
 * else the platform default. Workspace resources resolve the same way per workspace and per field (a
 * group may override only the memory of one workspace and leave its cores to the next group).
 */
export function resolvePolicy(defaults: ResolvedPolicy, groups: readonly PolicyGroup[]): { policy: ResolvedPolicy; decidedBy: DecidedBy } {
  const ordered = [...groups].sort((a, b) => a.priority - b.priority || a.name.localeCompare(b.name));
  const policy: ResolvedPolicy = { ...defaults, workspace_resources: { ...defaults.workspace_resources } };
  const decidedBy: DecidedBy = {};

  for (const name of settingNames.filter((setting): setting is ScalarSetting => setting !== 'workspace_resources')) {
    const group = ordered.find((candidate) => candidate.settings[name] !== undefined);
    decidedBy[name] = group ? { groupId: group.id, groupName: group.name } : null;
    if (group) (policy as Record<ScalarSetting, unknown>)[name] = group.settings[name];
  }

  for (const group of [...ordered].reverse()) {
    for (const [workspaceId, resources] of Object.entries(group.settings.workspace_resources ?? {})) {
      policy.workspace_resources[workspaceId] = { ...policy.workspace_resources[workspaceId], ...definedFields(resources) };
      decidedBy[`workspace_resources.${workspaceId}`] = { groupId: group.id, groupName: group.name };
    }
  }
  return { policy, decidedBy };
}

const definedFields = (resources: WorkspaceResources): WorkspaceResources =>
  Object.fromEntries(Object.entries(resources).filter(([, value]) => value !== undefined)) as WorkspaceResources;

/** Cores and memory a user's session of this workspace gets: the policy's override, else the workspace's own. */
export function workspaceResourcesFor(policy: ResolvedPolicy, workspace: { id: string; cores: number; memoryMb: number }): { cores: number; memoryMb: number } {
  const override = policy.workspace_resources[workspace.id] ?? {};
  return { cores: override.cores ?? workspace.cores, memoryMb: override.memory_mb ?? workspace.memoryMb };
}
