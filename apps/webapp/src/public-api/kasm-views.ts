import { toKasmId, type publicImageSchema, type publicKasmSchema, type publicUserSchema, type SessionState, type Workspace } from '@atrium/contracts';
import type { SessionRecord, UserRecord } from '@atrium/db';
import type { z } from 'zod';

/** Atrium's objects in the shapes Kasm integrations read (snake_case, dashless ids). */

export const toPublicImage = (workspace: Workspace): z.infer<typeof publicImageSchema> => ({
  image_id: toKasmId(workspace.id),
  name: workspace.image,
  friendly_name: workspace.name,
  description: workspace.description,
  enabled: workspace.enabled,
  cores: workspace.cores,
  memory: workspace.memoryMb * 1024 * 1024,
});

export const toPublicUser = (user: UserRecord, groups: { id: string; name: string }[]): z.infer<typeof publicUserSchema> => ({
  user_id: toKasmId(user.id),
  username: user.username,
  first_name: '',
  last_name: '',
  disabled: user.disabled,
  locked: user.disabled,
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

export function toPublicKasm(session: SessionRecord, owner: { username: string }, workspace: Workspace | undefined): z.infer<typeof publicKasmSchema> {
  return {
    kasm_id: toKasmId(session.id),
    operational_status: operationalStatus(session.state),
    user_id: toKasmId(session.userId),
    username: owner.username,
    image_id: workspace ? toKasmId(workspace.id) : null,
    image: workspace ? { image_id: toKasmId(workspace.id), name: workspace.image, friendly_name: workspace.name } : null,
    start_date: session.createdAt.toISOString(),
    expiration_date: session.expiresAt?.toISOString() ?? null,
    keepalive_date: session.keepaliveUntil?.toISOString() ?? null,
    share_id: session.shareId,
    container_id: session.containerId,
  };
}
