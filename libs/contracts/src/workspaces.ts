import { z } from 'zod';
import { updateSchemaOf } from './update-schema';
import { resolutionSchema, workspaceEgressSchema } from './provisioning';

export const workspaceSchema = z.object({
  id: z.string().uuid(),
  name: z.string(),
  description: z.string(),
  image: z.string(),
  cores: z.number(),
  memoryMb: z.number().int(),
  enabled: z.boolean(),
  defaultResolution: resolutionSchema,
  egress: workspaceEgressSchema,
  /** true: the cores are a hard quota; false (default): a share of the host's CPU, which may be overcommitted. */
  cpuHardLimit: z.boolean(),
  /** Ready containers kept warm for instant launches (0: every launch starts one). */
  stagingSize: z.number().int(),
});
export type Workspace = z.infer<typeof workspaceSchema>;

const imageReference = z.string().regex(/^[a-z0-9][a-z0-9._/:@-]{0,254}$/, 'must be a Docker image reference');

export const createWorkspaceSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and dashes'),
  description: z.string().max(500).default(''),
  image: imageReference,
  cores: z.number().positive().max(64).default(1),
  memoryMb: z.number().int().min(128).max(262_144).default(1024),
  enabled: z.boolean().default(true),
  defaultResolution: resolutionSchema.default('1280x720'),
  egress: workspaceEgressSchema.default('internet'),
  cpuHardLimit: z.boolean().default(false),
  stagingSize: z.number().int().min(0).max(50).default(0),
});
export type CreateWorkspace = z.infer<typeof createWorkspaceSchema>;

export const updateWorkspaceSchema = updateSchemaOf(createWorkspaceSchema);
export type UpdateWorkspace = z.infer<typeof updateWorkspaceSchema>;
