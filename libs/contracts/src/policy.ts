import { z } from 'zod';

/** Cores and memory a group gives its members for one workspace, instead of the workspace's own. */
export const workspaceResourcesSchema = z
  .object({ cores: z.number().positive().max(64), memory_mb: z.number().int().min(128).max(262_144) })
  .partial()
  .strict();
export type WorkspaceResources = z.infer<typeof workspaceResourcesSchema>;

/**
 * What a group may set, under the names administrators of Kasm-like platforms know. Times are seconds,
 * except `idle_disconnect` (minutes, 0 = never). A group sets only what it wants to decide; the rest
 * comes from groups further down the priority order, then from the platform's defaults.
 */
export const groupSettingsSchema = z
  .object({
    /** How many live sessions (any state but ended) a user may hold at once. */
    max_kasms_per_user: z.number().int().min(1).max(100),
    /** A running session ends when no keepalive arrived for this long. */
    keepalive_expiration: z
      .number()
      .int()
      .min(10)
      .max(30 * 86_400),
    /** A session ends this long after it was launched, whatever happens. */
    session_time_limit: z
      .number()
      .int()
      .min(60)
      .max(30 * 86_400),
    /** The viewer disconnects after this many minutes without input (0 = never). */
    idle_disconnect: z
      .number()
      .int()
      .min(0)
      .max(24 * 60),
    /** Browser → session clipboard. */
    allow_kasm_clipboard_up: z.boolean(),
    /** Session → browser clipboard. */
    allow_kasm_clipboard_down: z.boolean(),
    /** Files from the browser into the session's `~/Uploads` (container workspaces). */
    allow_kasm_uploads: z.boolean(),
    /** Files from the session's `~/Downloads` to the browser (container workspaces). */
    allow_kasm_downloads: z.boolean(),
    /** Sound from the session to the browser. */
    allow_kasm_audio: z.boolean(),
    /** The browser's microphone into the session, after the user's click. */
    allow_kasm_microphone: z.boolean(),
    allow_kasm_pause: z.boolean(),
    allow_kasm_stop: z.boolean(),
    /** Whether the user may end (destroy) their own session; the platform still ends it when its time is up. */
    allow_kasm_delete: z.boolean(),
    allow_kasm_sharing: z.boolean(),
    /** Viewers of a shared session hear its sound too (when the owner's `allow_kasm_audio` allows sound at all). */
    shared_session_audio: z.boolean(),
    /** Viewers of a shared session type and point too, instead of only watching. */
    shared_session_full_control: z.boolean(),
    /** Members must sign in with a second factor; one without is taken through enrolment before anything else. */
    require_2fa: z.boolean(),
    /** Members may use an authenticator app (TOTP) as their second factor. */
    allow_totp_2fa: z.boolean(),
    /** Members may use a passkey or security key (WebAuthn) as their second factor. */
    allow_webauthn_2fa: z.boolean(),
    /** Per workspace id: cores and memory instead of the workspace's own. */
    workspace_resources: z.record(z.string().uuid(), workspaceResourcesSchema),
  })
  .partial()
  .strict();
export type GroupSettings = z.infer<typeof groupSettingsSchema>;

export const settingNames = Object.keys(groupSettingsSchema.shape) as (keyof GroupSettings)[];

/** Every setting decided: what governs a user's sessions. */
export const resolvedPolicySchema = groupSettingsSchema.required();
export type ResolvedPolicy = z.infer<typeof resolvedPolicySchema>;

/** A user's policy, and for each setting the group that decided it (null: the platform's default). */
export const policyViewSchema = z.object({
  userId: z.string().uuid(),
  policy: resolvedPolicySchema,
  decidedBy: z.record(z.string(), z.object({ groupId: z.string().uuid(), groupName: z.string() }).nullable()),
});
export type PolicyView = z.infer<typeof policyViewSchema>;
