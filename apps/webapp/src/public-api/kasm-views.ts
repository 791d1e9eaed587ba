import {
  desktopStreamPath,
  toKasmId,
  type publicImageSchema,
  type publicKasmSchema,
  type publicUserSchema,
  type ResolvedPolicy,
  type SessionState,
  type Workspace,
} from '@atrium/contracts';
import type { SessionRecord, UserRecord } from '@atrium/db';
import type { z } from 'zod';

/** Atrium's objects in the shapes Kasm integrations read (snake_case, dashless ids). */

export const toPublicImage = (workspace: Workspace): z.infer<typeof publicImageSchema> => ({
  image_id: toKasmId(workspace.id),
  name: workspace.image,
  friendly_name: workspace.friendlyName,
  description: workspace.description,
  enabled: workspace.enabled,
  cores: workspace.cores,
  memory: workspace.memoryMb * 1024 * 1024,
  image_src: workspace.iconUrl ?? '',
  categories: workspace.categories,
  run_config: { ...workspace.runConfig, ...(workspace.launchCommand && { command: workspace.launchCommand }) },
  exec_config: {},
  image_type: 'Container',
  available: workspace.enabled,
  docker_registry: '',
});

export const toPublicUser = (user: UserRecord, groups: { id: string; name: string }[]): z.infer<typeof publicUserSchema> => ({
  user_id: toKasmId(user.id),
  username: user.username,
  first_name: user.profile.firstName,
  last_name: user.profile.lastName,
  organization: user.profile.organization,
  phone: user.profile.phone,
  disabled: user.disabled,
  locked: user.locked,
  last_session: user.lastLoginAt?.toISOString() ?? null,
  created: user.createdAt.toISOString(),
  groups: groups.map((group) => ({ group_id: toKasmId(group.id), name: group.name })),
});

/** Atrium's session states in Kasm's operational statuses. */
const OPERATIONAL_STATUS: Record<SessionState, z.infer<typeof publicKasmSchema>['operational_status']> = {
  requested: 'requested',
  provisioning: 'provisioning',
  running: 'running',
  paused: 'paused',
  stopped: 'stopped',
  stopping: 'deleting',
  destroyed: 'deleted',
  ended: 'deleted',
  lost: 'error',
  error: 'error',
};

export const operationalStatus = (state: SessionState) => OPERATIONAL_STATUS[state];

/** Where clients reach the deployment: its one public host and port. */
export interface PublicEndpoint {
  hostname: string;
  port: number;
}

/** The owner's policy in the keys Kasm's `client_settings` uses (the ones Atrium decides). */
const clientSettingsOf = (policy: ResolvedPolicy): Record<string, boolean | number> => ({
  allow_kasm_clipboard_up: policy.allow_kasm_clipboard_up,
  allow_kasm_clipboard_down: policy.allow_kasm_clipboard_down,
  allow_kasm_uploads: policy.allow_kasm_uploads,
  allow_kasm_downloads: policy.allow_kasm_downloads,
  allow_kasm_audio: policy.allow_kasm_audio,
  allow_kasm_microphone: policy.allow_kasm_microphone,
  allow_kasm_sharing: policy.allow_kasm_sharing,
  idle_disconnect: policy.idle_disconnect,
});

export function toPublicKasm(
  session: SessionRecord,
  owner: { username: string; policy: ResolvedPolicy },
  workspace: Workspace | undefined,
  endpoint: PublicEndpoint,
): z.infer<typeof publicKasmSchema> {
  return {
    kasm_id: toKasmId(session.id),
    operational_status: operationalStatus(session.state),
    user_id: toKasmId(session.userId),
    username: owner.username,
    image_id: workspace ? toKasmId(workspace.id) : null,
    image: workspace
      ? { image_id: toKasmId(workspace.id), name: workspace.image, friendly_name: workspace.friendlyName, image_src: workspace.iconUrl ?? '' }
      : null,
    start_date: session.createdAt.toISOString(),
    expiration_date: session.expiresAt?.toISOString() ?? null,
    keepalive_date: session.keepaliveUntil?.toISOString() ?? null,
    share_id: session.shareId,
    container_id: session.containerId,
    hostname: endpoint.hostname,
    host: endpoint.hostname,
    port: endpoint.port,
    // Kasm's paths are relative to the host, without the leading slash.
    port_map: { vnc: { port: endpoint.port, path: desktopStreamPath(session.id).slice(1) } },
    server_id: session.agentId ? toKasmId(session.agentId) : null,
    cores: workspace?.cores ?? null,
    memory: workspace ? workspace.memoryMb * 1024 * 1024 : null,
    is_persistent_profile: workspace?.persistentProfile ?? false,
    persistent_profile_mode: null,
    client_settings: clientSettingsOf(owner.policy),
  };
}
