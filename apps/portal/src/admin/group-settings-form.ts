import type { GroupSettings } from '@atrium/contracts';

/** The settings the dialog edits, with a person's words for each (times in the unit the setting uses). */
export const NUMBER_SETTINGS = [
  { key: 'max_kasms_per_user', label: 'Live sessions per user', unit: '' },
  { key: 'session_time_limit', label: 'Session time limit', unit: 's' },
  { key: 'keepalive_expiration', label: 'Ends without a keepalive after', unit: 's' },
  { key: 'idle_disconnect', label: 'Viewer disconnects when idle after (0: never)', unit: 'min' },
] as const;

export const SWITCH_SETTINGS = [
  { key: 'allow_kasm_clipboard_up', label: 'Paste into sessions' },
  { key: 'allow_kasm_clipboard_down', label: 'Copy out of sessions' },
  { key: 'allow_kasm_uploads', label: 'Upload files into sessions' },
  { key: 'allow_kasm_downloads', label: 'Download files from sessions' },
  { key: 'allow_kasm_audio', label: 'Hear session sound' },
  { key: 'allow_kasm_microphone', label: 'Use the microphone in sessions' },
  { key: 'allow_kasm_delete', label: 'End their own sessions' },
  { key: 'allow_kasm_pause', label: 'Pause sessions' },
  { key: 'allow_kasm_stop', label: 'Stop sessions' },
  { key: 'allow_kasm_sharing', label: 'Share sessions' },
  { key: 'shared_session_full_control', label: 'Share viewers may type' },
  { key: 'shared_session_audio', label: 'Share viewers hear the session' },
  { key: 'require_2fa', label: 'Require a second factor at sign-in' },
  { key: 'allow_totp_2fa', label: 'Authenticator app (TOTP) as second factor' },
  { key: 'allow_webauthn_2fa', label: 'Passkey or security key as second factor' },
] as const;

type NumberKey = (typeof NUMBER_SETTINGS)[number]['key'];
type SwitchKey = (typeof SWITCH_SETTINGS)[number]['key'];

/** A setting the group leaves to others is empty ('' or 'inherit'); a set one has its value. */
export type SettingsForm = Record<NumberKey, number | ''> & Record<SwitchKey, 'inherit' | 'allow' | 'deny'>;

export function formFromSettings(settings: GroupSettings): SettingsForm {
  const form = {} as SettingsForm;
  for (const { key } of NUMBER_SETTINGS) form[key] = settings[key] ?? '';
  for (const { key } of SWITCH_SETTINGS) form[key] = settings[key] === undefined ? 'inherit' : settings[key] ? 'allow' : 'deny';
  return form;
}

/** The group's settings from the form: only what it sets, and what the dialog does not edit kept as it was. */
export function settingsFromForm(form: SettingsForm, previous: GroupSettings): GroupSettings {
  const settings: GroupSettings = previous.workspace_resources ? { workspace_resources: previous.workspace_resources } : {};
  for (const { key } of NUMBER_SETTINGS) if (form[key] !== '') settings[key] = Number(form[key]);
  for (const { key } of SWITCH_SETTINGS) if (form[key] !== 'inherit') settings[key] = form[key] === 'allow';
  return settings;
}
