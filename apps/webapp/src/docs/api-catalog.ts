import {
  agentViewSchema,
  joinedSessionSchema,
  apiKeyViewSchema,
  auditPageSchema,
  auditQuerySchema,
  listSessionsQuerySchema,
  changePasswordSchema,
  createApiKeySchema,
  createdApiKeySchema,
  createGroupSchema,
  createServerSchema,
  createUserSchema,
  createWorkspaceSchema,
  currentUserSchema,
  groupSettingsSchema,
  groupViewSchema,
  keepaliveSchema,
  launchSessionSchema,
  resetPasswordSchema,
  setUserGroupsSchema,
  updateAgentSchema,
  updateUserSchema,
  loginRequestSchema,
  platformHealthSchema,
  policyViewSchema,
  serverViewSchema,
  sessionSchema,
  sessionShareSchema,
  sessionViewerSchema,
  setGroupMembersSchema,
  updateGroupSchema,
  updateServerSchema,
  updateWorkspaceSchema,
  userViewSchema,
  workspaceSchema,
} from '@atrium/contracts';
import { z } from 'zod';

/** One route of the native API, as the OpenAPI document describes it; schemas come from `libs/contracts`. */
export interface NativeRoute {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Express form (`:id`); the document writes `{id}`. */
  path: string;
  summary: string;
  access: 'public' | 'user' | 'admin';
  body?: z.ZodType;
  query?: z.ZodType;
  /** The success answer's body; absent: 204 No Content. */
  answer?: z.ZodType;
  status?: number;
}

const list = (schema: z.ZodType) => z.array(schema);

/** The native REST API (what the portal uses). A test keeps this list and the mounted routes the same. */
export const NATIVE_ROUTES: NativeRoute[] = [
  { method: 'get', path: '/api/health', summary: 'Health of every role', access: 'public', answer: platformHealthSchema },
  {
    method: 'post',
    path: '/api/auth/login',
    summary: 'Sign in (sets the session cookie)',
    access: 'public',
    body: loginRequestSchema,
    answer: currentUserSchema,
  },
  { method: 'get', path: '/api/auth/token-login', summary: 'Use a one-time link (kasm_url): sign in, then open the session', access: 'public', status: 302 },
  { method: 'post', path: '/api/auth/logout', summary: 'Sign out this browser and close its streams', access: 'public' },
  { method: 'post', path: '/api/auth/password', summary: 'Change your password', access: 'user', body: changePasswordSchema },
  { method: 'get', path: '/api/auth/me', summary: 'Who is signed in', access: 'user', answer: currentUserSchema },
  { method: 'get', path: '/api/me/policy', summary: 'The group policy that governs your sessions', access: 'user', answer: policyViewSchema },
  { method: 'get', path: '/api/users/:userId/policy', summary: "A user's resolved policy", access: 'admin', answer: policyViewSchema },
  {
    method: 'get',
    path: '/api/sessions',
    summary: 'Your sessions, newest first (administrators: all); live=true for those not over',
    access: 'user',
    query: listSessionsQuerySchema,
    answer: list(sessionSchema),
  },
  {
    method: 'post',
    path: '/api/sessions',
    summary: 'Launch a workspace or open a server (with `Prefer: respond-async`: 202 at once, then follow the session)',
    access: 'user',
    body: launchSessionSchema,
    answer: sessionSchema,
    status: 201,
  },
  { method: 'get', path: '/api/sessions/:sessionId', summary: 'One session', access: 'user', answer: sessionSchema },
  { method: 'delete', path: '/api/sessions/:sessionId', summary: 'End a session (allow_kasm_delete)', access: 'user', answer: sessionSchema, status: 200 },
  { method: 'post', path: '/api/sessions/:sessionId/keepalive', summary: 'Keep a running session alive', access: 'user', answer: keepaliveSchema },
  {
    method: 'post',
    path: '/api/sessions/:sessionId/:action',
    summary: 'pause, resume, stop or start a container session',
    access: 'user',
    answer: sessionSchema,
  },
  {
    method: 'post',
    path: '/api/sessions/:sessionId/share',
    summary: 'Share a running session (allow_kasm_sharing)',
    access: 'user',
    answer: sessionShareSchema,
  },
  { method: 'get', path: '/api/sessions/:sessionId/share', summary: "A session's share", access: 'user', answer: sessionShareSchema },
  { method: 'delete', path: '/api/sessions/:sessionId/share', summary: "Revoke a share and close its viewers' streams", access: 'user' },
  { method: 'get', path: '/api/sessions/:sessionId/viewers', summary: 'Who joined a shared session', access: 'user', answer: list(sessionViewerSchema) },
  { method: 'post', path: '/api/shares/:shareId/join', summary: 'Join a shared session as a viewer', access: 'user', answer: joinedSessionSchema },
  { method: 'get', path: '/api/workspaces', summary: 'The workspaces catalog', access: 'user', answer: list(workspaceSchema) },
  { method: 'post', path: '/api/workspaces', summary: 'Add a workspace', access: 'admin', body: createWorkspaceSchema, answer: workspaceSchema, status: 201 },
  {
    method: 'patch',
    path: '/api/workspaces/:workspaceId',
    summary: 'Change a workspace',
    access: 'admin',
    body: updateWorkspaceSchema,
    answer: workspaceSchema,
  },
  { method: 'get', path: '/api/servers', summary: 'Servers you may open (administrators: all)', access: 'user', answer: list(serverViewSchema) },
  { method: 'post', path: '/api/servers', summary: 'Register a server', access: 'admin', body: createServerSchema, answer: serverViewSchema, status: 201 },
  { method: 'patch', path: '/api/servers/:serverId', summary: 'Change a server', access: 'admin', body: updateServerSchema, answer: serverViewSchema },
  { method: 'delete', path: '/api/servers/:serverId', summary: 'Remove a server', access: 'admin' },
  { method: 'get', path: '/api/users', summary: 'Users', access: 'admin', answer: list(userViewSchema) },
  { method: 'post', path: '/api/users', summary: 'Create a user', access: 'admin', body: createUserSchema, answer: currentUserSchema, status: 201 },
  { method: 'patch', path: '/api/users/:userId', summary: 'Rename, disable or enable a user', access: 'admin', body: updateUserSchema, answer: userViewSchema },
  { method: 'post', path: '/api/users/:userId/password', summary: "Set a user's password (signs them out)", access: 'admin', body: resetPasswordSchema },
  { method: 'put', path: '/api/users/:userId/groups', summary: "Replace a user's groups", access: 'admin', body: setUserGroupsSchema },
  { method: 'delete', path: '/api/users/:userId', summary: 'Delete a user (`?force=true` ends their live sessions)', access: 'admin' },
  { method: 'get', path: '/api/agents', summary: 'Agents with capacity, holdings and status', access: 'admin', answer: list(agentViewSchema) },
  { method: 'patch', path: '/api/agents/:agentId', summary: 'Take an agent out of scheduling, or back in', access: 'admin', body: updateAgentSchema },
  { method: 'get', path: '/api/groups', summary: 'Groups with members and settings', access: 'admin', answer: list(groupViewSchema) },
  { method: 'post', path: '/api/groups', summary: 'Create a group', access: 'admin', body: createGroupSchema, answer: groupViewSchema, status: 201 },
  { method: 'patch', path: '/api/groups/:groupId', summary: 'Rename a group or change its priority', access: 'admin', body: updateGroupSchema },
  { method: 'put', path: '/api/groups/:groupId/settings', summary: "Replace a group's settings", access: 'admin', body: groupSettingsSchema },
  { method: 'put', path: '/api/groups/:groupId/members', summary: "Replace a group's members", access: 'admin', body: setGroupMembersSchema },
  { method: 'get', path: '/api/audit', summary: 'The audit log, newest first', access: 'admin', query: auditQuerySchema, answer: auditPageSchema },
  { method: 'get', path: '/api/api-keys', summary: 'Developer API keys (never their secrets)', access: 'admin', answer: list(apiKeyViewSchema) },
  {
    method: 'post',
    path: '/api/api-keys',
    summary: 'Create a key; the answer is the only time its secret is shown',
    access: 'admin',
    body: createApiKeySchema,
    answer: createdApiKeySchema,
    status: 201,
  },
  { method: 'delete', path: '/api/api-keys/:keyId', summary: 'Revoke a key', access: 'admin' },
  { method: 'get', path: '/api/docs', summary: 'This document', access: 'public' },
];
