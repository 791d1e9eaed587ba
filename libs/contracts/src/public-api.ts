import { z } from 'zod';
import type { ApiScope } from './api-keys';
import { userProfileSchema } from './auth';
import { newPasswordSchema } from './password-policy';
import { workspaceEnvironmentSchema } from './provisioning';

/**
 * The Developer API, compatible with Kasm Workspaces' `POST /api/public/<verb>`: credentials in the JSON body,
 * snake_case fields, ids as 32 hex digits (accepted with or without dashes). Unknown fields are ignored.
 */

/** An id as integrations send it (with or without dashes, any case), as the UUID Atrium stores. */
export const kasmIdSchema = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const hex = value.replace(/-/g, '').toLowerCase();
    if (!/^[0-9a-f]{32}$/.test(hex)) {
      ctx.addIssue({ code: 'custom', message: 'must be an id: 32 hex digits, with or without dashes' });
      return z.NEVER;
    }
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  });

/** How ids leave the Developer API: Kasm's form, 32 lowercase hex digits. */
export const toKasmId = (uuid: string) => uuid.replace(/-/g, '');

export const publicCredentialsSchema = z.object({
  api_key: z.string({ message: 'is required' }).min(1, 'is required').max(128),
  api_key_secret: z.string({ message: 'is required' }).min(1, 'is required').max(256),
});

const userRef = z
  .object({ user_id: kasmIdSchema.optional(), username: z.string().trim().min(1).max(128).optional() })
  .refine((ref) => ref.user_id !== undefined || ref.username !== undefined, 'needs user_id or username');
const userIdRef = z.object({ user_id: kasmIdSchema });
const username = z
  .string()
  .trim()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9._@-]+$/, 'letters, digits and . _ @ - only');
const password = newPasswordSchema;

const environment = workspaceEnvironmentSchema;

/** The profile fields as Kasm's clients send them (terraform-provider-kasm among them), each optional. */
const publicProfileFields = {
  first_name: userProfileSchema.shape.firstName.optional(),
  last_name: userProfileSchema.shape.lastName.optional(),
  organization: userProfileSchema.shape.organization.optional(),
  phone: userProfileSchema.shape.phone.optional(),
};

export const publicRequestSchemas = {
  get_images: z.object({}),
  get_zones: z.object({ brief: z.boolean().default(false) }),
  create_user: z.object({
    target_user: z.object({
      username,
      password: password.optional(),
      ...publicProfileFields,
      disabled: z.boolean().optional(),
      locked: z.boolean().optional(),
    }),
  }),
  get_user: z.object({ target_user: userRef }),
  get_users: z.object({}),
  update_user: z.object({
    target_user: z.object({
      user_id: kasmIdSchema,
      username: username.optional(),
      password: password.optional(),
      ...publicProfileFields,
      disabled: z.boolean().optional(),
      locked: z.boolean().optional(),
    }),
  }),
  delete_user: z.object({ target_user: userIdRef, force: z.boolean().default(false) }),
  logout_user: z.object({ target_user: userIdRef }),
  add_user_group: z.object({ target_user: userIdRef, target_group: z.object({ group_id: kasmIdSchema }) }),
  remove_user_group: z.object({ target_user: userIdRef, target_group: z.object({ group_id: kasmIdSchema }) }),
  request_kasm: z.object({ user_id: kasmIdSchema, image_id: kasmIdSchema, enable_sharing: z.boolean().default(false), environment }),
  get_kasm_status: z.object({ kasm_id: kasmIdSchema, user_id: kasmIdSchema }),
  get_kasms: z.object({}),
  keepalive: z.object({ kasm_id: kasmIdSchema }),
  destroy_kasm: z.object({ kasm_id: kasmIdSchema, user_id: kasmIdSchema }),
  join_kasm: z.object({ share_id: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'must be a share id'), user_id: kasmIdSchema }),
  exec_command_kasm: z.object({
    kasm_id: kasmIdSchema,
    user_id: kasmIdSchema,
    exec_config: z.object({
      cmd: z.string().min(1).max(8192),
      environment,
      workdir: z.string().max(1024).optional(),
      privileged: z.boolean().default(false),
      user: z.string().max(64).optional(),
    }),
  }),
} as const;
export type PublicVerb = keyof typeof publicRequestSchemas;
export type PublicRequest<V extends PublicVerb> = z.infer<(typeof publicRequestSchemas)[V]>;

/** The scope each verb needs. */
export const publicVerbScopes: Record<PublicVerb, ApiScope> = {
  get_images: 'images:read',
  get_zones: 'zones:read',
  create_user: 'users:write',
  get_user: 'users:read',
  get_users: 'users:read',
  update_user: 'users:write',
  delete_user: 'users:write',
  logout_user: 'users:write',
  add_user_group: 'users:write',
  remove_user_group: 'users:write',
  request_kasm: 'sessions:write',
  get_kasm_status: 'sessions:read',
  get_kasms: 'sessions:read',
  keepalive: 'sessions:write',
  destroy_kasm: 'sessions:write',
  join_kasm: 'sessions:write',
  exec_command_kasm: 'sessions:exec',
};

export const publicImageSchema = z.object({
  image_id: z.string(),
  /** The Docker image. */
  name: z.string(),
  friendly_name: z.string(),
  description: z.string(),
  enabled: z.boolean(),
  cores: z.number(),
  memory: z.number().int(),
  /** The icon (Kasm's `image_src`): a path on this site, an https URL or a data: image. */
  image_src: z.string(),
  categories: z.array(z.string()),
  /** The allow-listed `docker run` settings and the command (Kasm keeps the command in `run_config` too). */
  run_config: z.record(z.string(), z.unknown()),
  exec_config: z.record(z.string(), z.unknown()),
  image_type: z.literal('Container'),
  /** Whether a launch may be asked for (enabled). */
  available: z.boolean(),
  docker_registry: z.string(),
});

/** A deployment zone: an RA1 host is one zone, with its agents (Kasm's servers). */
export const publicZoneSchema = z.object({
  zone_id: z.string(),
  zone_name: z.string(),
  auto_scaling_enabled: z.boolean(),
  aws_enabled: z.boolean(),
  agents: z
    .array(z.object({ server_id: z.string(), hostname: z.string(), enabled: z.boolean(), online: z.boolean(), cores: z.number(), memory: z.number().int() }))
    .optional(),
});

export const publicUserSchema = z.object({
  user_id: z.string(),
  username: z.string(),
  first_name: z.string(),
  last_name: z.string(),
  organization: z.string(),
  phone: z.string(),
  /** Two switches, as Kasm has them: either one keeps the user from signing in. */
  disabled: z.boolean(),
  locked: z.boolean(),
  last_session: z.string().nullable(),
  created: z.string(),
  groups: z.array(z.object({ group_id: z.string(), name: z.string() })),
});

/** Kasm's lowercase operational statuses; Atrium's states map onto them. */
export const operationalStatusSchema = z.enum([
  'requested',
  'provisioning',
  'starting',
  'running',
  'paused',
  'stopped',
  'stopping',
  'deleting',
  'deleted',
  'error',
]);

export const publicKasmSchema = z.object({
  kasm_id: z.string(),
  operational_status: operationalStatusSchema,
  user_id: z.string(),
  username: z.string(),
  image_id: z.string().nullable(),
  image: z.object({ image_id: z.string(), name: z.string(), friendly_name: z.string(), image_src: z.string() }).nullable(),
  start_date: z.string(),
  expiration_date: z.string().nullable(),
  keepalive_date: z.string().nullable(),
  share_id: z.string().nullable(),
  container_id: z.string().nullable(),
  /** Where the client reaches the session: the public host and port, and the path of each stream. */
  hostname: z.string(),
  host: z.string(),
  port: z.number().int(),
  port_map: z.object({ vnc: z.object({ port: z.number().int(), path: z.string() }) }),
  /** The agent that runs it (Kasm's server). */
  server_id: z.string().nullable(),
  cores: z.number().nullable(),
  memory: z.number().int().nullable(),
  is_persistent_profile: z.boolean(),
  persistent_profile_mode: z.null(),
  /** The owner's policy as Kasm's client settings. */
  client_settings: z.record(z.string(), z.union([z.boolean(), z.number()])),
});

/** Every failure: a 4xx status and a sentence in `error_message` (never empty). */
export const publicErrorSchema = z.object({ error_message: z.string().min(1), code: z.string() });
