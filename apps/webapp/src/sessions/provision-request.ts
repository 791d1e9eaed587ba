import type { ProvisionRequest, Workspace } from '@atrium/contracts';

/** What the agent needs of a workspace to start its container (the same for a launch and a staged container). */
export const workspaceToProvision = (workspace: Workspace): ProvisionRequest['workspace'] => ({
  id: workspace.id,
  name: workspace.name,
  image: workspace.image,
  cores: workspace.cores,
  memoryMb: workspace.memoryMb,
  resolution: workspace.defaultResolution,
  egress: workspace.egress,
  egressNetwork: workspace.egressNetwork,
  cpuHardLimit: workspace.cpuHardLimit,
  launchCommand: workspace.launchCommand,
  runConfig: workspace.runConfig,
  browser: workspace.browser,
  userNamespaces: workspace.userNamespaces,
  persistentProfile: workspace.persistentProfile,
  profileSizeMb: workspace.profileSizeMb,
});
