import { z } from 'zod';
import { newPasswordSchema } from './password-policy';

export const loginRequestSchema = z.object({
  username: z.string().trim().min(1, 'is required').max(128),
  password: z.string().min(1, 'is required').max(1024),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const userRoleSchema = z.enum(['admin', 'user']);
export type UserRole = z.infer<typeof userRoleSchema>;

export const currentUserSchema = z.object({
  id: z.string().uuid(),
  username: z.string(),
  role: userRoleSchema,
});
export type CurrentUser = z.infer<typeof currentUserSchema>;

/** Name of the HttpOnly cookie that carries the browser session. */
export const SESSION_COOKIE_NAME = 'atrium_session';

/** Text a profile field keeps as given (a declarative client must read back what it wrote), without control characters. */
const profileText = (max: number) =>
  z
    .string()
    .max(max)
    // eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
    .refine((text) => !/[\u0000-\u001f\u007f]/.test(text), 'must not contain control characters');

/** What organisations record about a person (the fields the public Kasm clients send). */
export const userProfileSchema = z.object({
  firstName: profileText(128),
  lastName: profileText(128),
  organization: profileText(256),
  phone: profileText(64),
});
export type UserProfile = z.infer<typeof userProfileSchema>;

export const createUserSchema = z.object({
  username: z
    .string()
    .trim()
    .min(1)
    .max(128)
    .regex(/^[A-Za-z0-9._@-]+$/, 'letters, digits and . _ @ - only'),
  password: newPasswordSchema,
  role: userRoleSchema.default('user'),
  profile: userProfileSchema.partial().optional(),
});
export type CreateUser = z.infer<typeof createUserSchema>;

/** `POST /api/auth/password`: the signed-in user changes their own password. */
export const changePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, 'is required').max(1024),
    newPassword: newPasswordSchema,
  })
  .refine((value) => value.currentPassword !== value.newPassword, { message: 'must differ from the current password', path: ['newPassword'] });
export type ChangePassword = z.infer<typeof changePasswordSchema>;

/** Where a one-time login link (the Developer API's `kasm_url`) signs its user in and opens their session. */
export const TOKEN_LOGIN_PATH = '/api/auth/token-login';
export const tokenLoginUrl = (token: string) => `${TOKEN_LOGIN_PATH}?token=${token}`;
export const tokenLoginQuerySchema = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be a login token') });

/** A user as administrators see them. */
export const userViewSchema = z.object({
  id: z.string().uuid(),
  username: z.string(),
  role: userRoleSchema,
  disabled: z.boolean(),
  locked: z.boolean(),
  profile: userProfileSchema,
  createdAt: z.string(),
  lastLoginAt: z.string().nullable(),
});
export type UserView = z.infer<typeof userViewSchema>;

/** `PATCH /api/users/:id` (administrators): rename, disable or lock (or undo either), change profile fields. */
export const updateUserSchema = z
  .object({
    username: createUserSchema.shape.username.optional(),
    disabled: z.boolean().optional(),
    locked: z.boolean().optional(),
    profile: userProfileSchema.partial().strict().optional(),
  })
  .strict();
export type UpdateUser = z.infer<typeof updateUserSchema>;

/** `POST /api/users/:id/password` (administrators): a new password, which signs the user out everywhere. */
export const resetPasswordSchema = z.object({ password: createUserSchema.shape.password }).strict();
export type ResetPassword = z.infer<typeof resetPasswordSchema>;

/** `PUT /api/users/:id/groups` (administrators): the groups the user belongs to, replacing the previous ones. */
export const setUserGroupsSchema = z.object({ groupIds: z.array(z.string().uuid()).max(1000) }).strict();
export type SetUserGroups = z.infer<typeof setUserGroupsSchema>;
