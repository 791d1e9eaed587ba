import { z } from 'zod';
import { updateSchemaOf } from './update-schema';
import { resolutionSchema, workspaceEgressSchema } from './provisioning';
import { browserSettingsSchema, runConfigSchema } from './workspace-settings';

/**
 * Where a workspace's icon comes from: a path on this site (Atrium's own images' icons are served at
 * `/icons/<name>.svg`, copied out of each image's Debian package at build time), an https URL, or a small
 * `data:` image. Never `javascript:` or any other scheme: the portal puts it in an <img>.
 */
export const iconUrlSchema = z
  .string()
  .max(96 * 1024)
  .refine(
    (url) =>
      /^\/[A-Za-z0-9._~/-]{1,255}$/.test(url) ||
      /^https:\/\/[^\s"'<>]{1,2000}$/.test(url) ||
      /^data:image\/(png|svg\+xml|jpeg|webp);base64,[A-Za-z0-9+/=]+$/.test(url),
    'must be a path on this site, an https URL, or a data:image URL',
  );

/** A category of the catalogue ("Browsers", "Office"): the launcher filters by it. */
const categorySchema = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[\p{L}\p{N} &+./-]+$/u, 'letters, digits, spaces and & + . / -');

export const workspaceSchema = z.object({
  id: z.string().uuid(),
  name: z.string(),
  /** What people see on the card ("Chromium"); `name` is the catalogue's key. */
  friendlyName: z.string(),
  description: z.string(),
  categories: z.array(z.string()),
  iconUrl: z.string().nullable(),
  image: z.string(),
  /** The command the image runs (its CMD), when it is not the image's own. */
  launchCommand: z.array(z.string()).nullable(),
  runConfig: runConfigSchema,
  browser: browserSettingsSchema,
  /**
   * Chromium's own sandbox needs user namespaces, which Docker's default seccomp profile refuses: true runs the
   * container with Atrium's profile that allows them (and nothing else Docker's refuses).
   */
  userNamespaces: z.boolean(),
  cores: z.number(),
  memoryMb: z.number().int(),
  enabled: z.boolean(),
  defaultResolution: resolutionSchema,
  egress: workspaceEgressSchema,
  /** With egress `network`: the Docker network (on the agent's engine) the workspace joins, e.g. an intranet. */
  egressNetwork: z.string().nullable(),
  /** true: the cores are a hard quota; false (default): a share of the host's CPU, which may be overcommitted. */
  cpuHardLimit: z.boolean(),
  /** Ready containers kept warm for instant launches (0: every launch starts one). */
  stagingSize: z.number().int(),
  /** Each user's home folder is kept between their sessions of this workspace (on the agent's disk). */
  persistentProfile: z.boolean(),
  /** The most a kept home may hold (MiB): its session's home folder is that size, so a file past it is refused. */
  profileSizeMb: z.number().int(),
});
export type Workspace = z.infer<typeof workspaceSchema>;

const imageReference = z.string().regex(/^[a-z0-9][a-z0-9._/:@-]{0,254}$/, 'must be a Docker image reference');
const dockerNetworkName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/, 'must be a Docker network name');

export const workspaceFieldsSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and dashes'),
  friendlyName: z.string().trim().max(80).default(''),
  description: z.string().max(500).default(''),
  categories: z.array(categorySchema).max(10).default([]),
  iconUrl: iconUrlSchema.nullable().default(null),
  image: imageReference,
  launchCommand: z.array(z.string().max(4096)).min(1).max(64).nullable().default(null),
  runConfig: runConfigSchema.default({}),
  browser: browserSettingsSchema.prefault({}),
  userNamespaces: z.boolean().default(false),
  cores: z.number().positive().max(64).default(1),
  memoryMb: z.number().int().min(128).max(262_144).default(1024),
  enabled: z.boolean().default(true),
  defaultResolution: resolutionSchema.default('1280x720'),
  egress: workspaceEgressSchema.default('internet'),
  egressNetwork: dockerNetworkName.nullable().default(null),
  cpuHardLimit: z.boolean().default(false),
  stagingSize: z.number().int().min(0).max(50).default(0),
  persistentProfile: z.boolean().default(false),
  profileSizeMb: z.number().int().min(64).max(16_384).default(512),
});

/** egress `network` names its network; the other kinds name none. */
const egressNamesItsNetwork = (value: { egress?: string; egressNetwork?: string | null }) =>
  value.egress === undefined || (value.egress === 'network') === Boolean(value.egressNetwork);
const EGRESS_MESSAGE = { message: 'egress "network" needs egressNetwork, and only it may have one', path: ['egressNetwork'] };

/**
 * A staged container starts before anyone owns it, so it cannot hold their home: a workspace keeps profiles or a
 * staging pool, not both.
 */
export const STAGED_PROFILES_MESSAGE =
  'A workspace with persistent profiles keeps no staged containers: a staged container starts before it has a user, so it cannot start in their home.';
const notStagedWithProfiles = (value: { persistentProfile?: boolean; stagingSize?: number }) => !(value.persistentProfile && (value.stagingSize ?? 0) > 0);

export const createWorkspaceSchema = workspaceFieldsSchema
  .refine(egressNamesItsNetwork, EGRESS_MESSAGE)
  .refine(notStagedWithProfiles, { message: STAGED_PROFILES_MESSAGE, path: ['stagingSize'] });
export type CreateWorkspace = z.infer<typeof createWorkspaceSchema>;

export const updateWorkspaceSchema = updateSchemaOf(workspaceFieldsSchema).refine(egressNamesItsNetwork, EGRESS_MESSAGE);
export type UpdateWorkspace = z.infer<typeof updateWorkspaceSchema>;

/** One of a user's kept homes (`GET /api/me/profiles`). */
export const profileViewSchema = z.object({
  workspaceId: z.string().uuid(),
  workspaceName: z.string(),
  /** Its size when last saved (the end of its last session). */
  sizeBytes: z.number().int(),
  savedAt: z.string(),
});
export type ProfileView = z.infer<typeof profileViewSchema>;
