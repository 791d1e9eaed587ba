import { z } from 'zod';
import { updateSchemaOf } from './update-schema';
import { groupSettingsSchema } from './policy';

/** Lower numbers win: where two of a user's groups set the same setting, the group with the lower priority number decides. */
export const groupPrioritySchema = z.number().int().min(1).max(4096);

export const createGroupSchema = z.object({
  name: z.string().trim().min(1).max(64),
  description: z.string().max(500).default(''),
  priority: groupPrioritySchema.default(100),
});
export type CreateGroup = z.infer<typeof createGroupSchema>;

export const updateGroupSchema = updateSchemaOf(createGroupSchema);
export type UpdateGroup = z.infer<typeof updateGroupSchema>;

export const setGroupMembersSchema = z.object({ userIds: z.array(z.string().uuid()).max(10_000) });
export type SetGroupMembers = z.infer<typeof setGroupMembersSchema>;

export const groupViewSchema = z.object({
  id: z.string().uuid(),
  name: z.string(),
  description: z.string(),
  priority: groupPrioritySchema,
  userIds: z.array(z.string().uuid()),
  settings: groupSettingsSchema,
});
export type GroupView = z.infer<typeof groupViewSchema>;
