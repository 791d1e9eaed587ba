import type { CreateWorkspace, Workspace, WorkspaceEgress } from '@atrium/contracts';

/** The workspace dialog's fields, as people type them: lists one per line, the run config as JSON. */
export interface WorkspaceForm {
  name: string;
  friendlyName: string;
  description: string;
  categories: string[];
  iconUrl: string;
  image: string;
  /** The command, one argument per line (empty: the image's own). */
  launchCommand: string;
  /** Kasm's "Docker Run Config Override", as JSON. */
  runConfig: string;
  homepage: string;
  kiosk: boolean;
  urlAllowlist: string;
  urlBlocklist: string;
  userNamespaces: boolean;
  cores: number;
  memoryMb: number;
  defaultResolution: string;
  egress: WorkspaceEgress;
  egressNetwork: string;
  cpuHardLimit: boolean;
  stagingSize: number;
  persistentProfile: boolean;
  profileSizeMb: number;
  enabled: boolean;
}

export const emptyWorkspaceForm: WorkspaceForm = {
  name: '',
  friendlyName: '',
  description: '',
  categories: [],
  iconUrl: '',
  image: '',
  launchCommand: '',
  runConfig: '{}',
  homepage: '',
  kiosk: false,
  urlAllowlist: '',
  urlBlocklist: '',
  userNamespaces: false,
  cores: 1,
  memoryMb: 1024,
  defaultResolution: '1280x720',
  egress: 'internet',
  egressNetwork: '',
  cpuHardLimit: false,
  stagingSize: 0,
  persistentProfile: false,
  profileSizeMb: 512,
  enabled: true,
};

export const workspaceFormOf = (workspace: Workspace): WorkspaceForm => ({
  name: workspace.name,
  friendlyName: workspace.friendlyName === workspace.name ? '' : workspace.friendlyName,
  description: workspace.description,
  categories: workspace.categories,
  iconUrl: workspace.iconUrl ?? '',
  image: workspace.image,
  launchCommand: (workspace.launchCommand ?? []).join('\n'),
  runConfig: JSON.stringify(workspace.runConfig, null, 2),
  homepage: workspace.browser.homepage ?? '',
  kiosk: workspace.browser.kiosk,
  urlAllowlist: workspace.browser.urlAllowlist.join('\n'),
  urlBlocklist: workspace.browser.urlBlocklist.join('\n'),
  userNamespaces: workspace.userNamespaces,
  cores: workspace.cores,
  memoryMb: workspace.memoryMb,
  defaultResolution: workspace.defaultResolution,
  egress: workspace.egress,
  egressNetwork: workspace.egressNetwork ?? '',
  cpuHardLimit: workspace.cpuHardLimit,
  stagingSize: workspace.stagingSize,
  persistentProfile: workspace.persistentProfile,
  profileSizeMb: workspace.profileSizeMb,
  enabled: workspace.enabled,
});

const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

/** Run config text that is not JSON stays a string, so the schema refuses it with its own words. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text.trim() || '{}');
  } catch {
    return text;
  }
}

/** What the API takes, from what the dialog holds. */
export const workspaceInputOf = (form: WorkspaceForm): CreateWorkspace => ({
  name: form.name,
  friendlyName: form.friendlyName,
  description: form.description,
  categories: form.categories,
  iconUrl: form.iconUrl.trim() || null,
  image: form.image.trim(),
  launchCommand: lines(form.launchCommand).length ? form.launchCommand.split('\n').filter((line) => line.length > 0) : null,
  runConfig: parseJson(form.runConfig) as CreateWorkspace['runConfig'],
  browser: { homepage: form.homepage.trim() || null, kiosk: form.kiosk, urlAllowlist: lines(form.urlAllowlist), urlBlocklist: lines(form.urlBlocklist) },
  userNamespaces: form.userNamespaces,
  cores: form.cores,
  memoryMb: form.memoryMb,
  defaultResolution: form.defaultResolution,
  egress: form.egress,
  egressNetwork: form.egress === 'network' ? form.egressNetwork.trim() || null : null,
  cpuHardLimit: form.cpuHardLimit,
  stagingSize: form.stagingSize,
  persistentProfile: form.persistentProfile,
  profileSizeMb: form.profileSizeMb,
  enabled: form.enabled,
});
