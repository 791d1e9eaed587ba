import type { PolicyView, ResolvedPolicy } from '@atrium/contracts';
import { GroupsRepository, type Knex } from '@atrium/db';
import type { WebappConfig } from '../config';
import { resolvePolicy } from './resolve-policy';

/** What applies where no group of the user decides: the platform's settings, then fixed defaults. */
export function policyDefaults(config: WebappConfig): ResolvedPolicy {
  return {
    max_kasms_per_user: config.SESSIONS_PER_USER,
    keepalive_expiration: config.KEEPALIVE_EXPIRATION_SECONDS,
    session_time_limit: Math.round(config.SESSION_MAX_HOURS * 3600),
    idle_disconnect: 0,
    allow_kasm_clipboard_up: config.CLIPBOARD_ALLOWED,
    allow_kasm_clipboard_down: config.CLIPBOARD_ALLOWED,
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
}

/**
 * The policy that governs a user's sessions now, read from the database on each call (one query pair), so a
 * change an administrator makes applies to the next launch, keepalive or stream without a restart.
 */
export async function userPolicy(knex: Knex, config: WebappConfig, userId: string): Promise<PolicyView> {
  const groups = await new GroupsRepository(knex).policyGroupsOf(userId);
  return { userId, ...resolvePolicy(policyDefaults(config), groups) };
}
