import {
  RESPOND_ASYNC_PREFERENCE,
  type AgentView,
  type AuditPage,
  type AuditQuery,
  type CreateGroup,
  type CreateServer,
  type CreateUser,
  type CreateWorkspace,
  type CurrentUser,
  type ProfileView,
  type GroupSettings,
  type GroupView,
  type Keepalive,
  type LaunchSession,
  type LoginRequest,
  type LoginAnswer,
  type SecondFactorStatus,
  type TotpEnrolment,
  type EnrolmentConfirmed,
  type FactorView,
  type CreateDirectory,
  type UpdateDirectory,
  type DirectoryView,
  type DirectoryTest,
  type CreateOidcProvider,
  type UpdateOidcProvider,
  type OidcProviderView,
  type SignInProvider,
  type PlatformHealth,
  type PolicyView,
  type ServerView,
  type Session,
  type SessionShare,
  type SessionViewer,
  type UpdateGroup,
  type UpdateServer,
  type UpdateUser,
  type UpdateWorkspace,
  type UserView,
  type Workspace,
} from '@atrium/contracts';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/browser';
import { ApiError, errorFromResponse } from './api-error';

/**
 * Every call the portal makes to the control plane, in one place. The browser's session is the HttpOnly cookie
 * (never readable here); a 401 on any call but the sign-in itself means the sign-in expired, and the listener
 * set with `onSignInExpired` sends the person back to the sign-in page.
 */
let signInExpired: () => void = () => undefined;
export const onSignInExpired = (listener: () => void) => {
  signInExpired = listener;
};

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * One request; a read the network dropped (a laptop changing networks, a proxy restarting) is tried once more
 * after a moment. A change is never repeated: it may have reached the server.
 */
async function send(method: Method, path: string, body: unknown, headers: Record<string, string>): Promise<Response> {
  const request = () =>
    fetch(`/api${path}`, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  try {
    return await request();
  } catch {
    if (method === 'GET') {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const retried = await request().catch(() => undefined);
      if (retried) return retried;
    }
    throw new ApiError(0, 'unreachable', 'Atrium could not be reached; check your connection and try again.');
  }
}

async function call<T>(method: Method, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const response = await send(method, path, body, headers);
  if (response.status === 204) return undefined as T;
  const payload: unknown = await response.json().catch(() => undefined);
  if (response.ok) return payload as T;
  if (response.status === 401 && !path.startsWith('/auth/')) signInExpired();
  throw errorFromResponse(response.status, payload);
}

const query = (params: object) => {
  const entries = Object.entries(params).filter(([, value]) => value !== undefined && value !== '');
  return entries.length ? `?${new URLSearchParams(entries.map(([key, value]) => [key, String(value)])).toString()}` : '';
};

export const api = {
  // The signed-in person
  me: () => call<CurrentUser>('GET', '/auth/me'),
  signIn: (credentials: LoginRequest) => call<LoginAnswer>('POST', '/auth/login', credentials),
  secondFactorStatus: () => call<SecondFactorStatus>('GET', '/auth/second-factor'),
  verifyTotp: (code: string) => call<CurrentUser>('POST', '/auth/second-factor/totp', { code }),
  verifyRecoveryCode: (code: string) => call<CurrentUser>('POST', '/auth/second-factor/recovery', { code }),
  startTotpEnrolment: () => call<TotpEnrolment>('POST', '/auth/totp/enrolment'),
  confirmTotpEnrolment: (code: string, name?: string) => call<EnrolmentConfirmed>('POST', '/auth/totp/enrolment/confirm', { code, ...(name && { name }) }),
  passkeyRegistrationOptions: () => call<PublicKeyCredentialCreationOptionsJSON>('POST', '/auth/webauthn/registration/options'),
  registerPasskey: (name: string, response: RegistrationResponseJSON) => call<EnrolmentConfirmed>('POST', '/auth/webauthn/registration', { name, response }),
  passkeySignInOptions: () => call<PublicKeyCredentialRequestOptionsJSON>('POST', '/auth/second-factor/webauthn/options'),
  verifyPasskey: (response: AuthenticationResponseJSON) => call<CurrentUser>('POST', '/auth/second-factor/webauthn', { response }),
  factors: () => call<FactorView[]>('GET', '/auth/factors'),
  removeFactor: (id: string) => call<void>('DELETE', `/auth/factors/${id}`),
  directories: () => call<DirectoryView[]>('GET', '/directories'),
  createDirectory: (directory: CreateDirectory) => call<DirectoryView>('POST', '/directories', directory),
  updateDirectory: (id: string, change: UpdateDirectory) => call<DirectoryView>('PATCH', `/directories/${id}`, change),
  deleteDirectory: (id: string) => call<void>('DELETE', `/directories/${id}`),
  testDirectory: (id: string) => call<DirectoryTest>('POST', `/directories/${id}/test`),
  signInProviders: () => call<SignInProvider[]>('GET', '/auth/oidc/providers'),
  oidcProviders: () => call<OidcProviderView[]>('GET', '/oidc-providers'),
  createOidcProvider: (provider: CreateOidcProvider) => call<OidcProviderView>('POST', '/oidc-providers', provider),
  updateOidcProvider: (id: string, change: UpdateOidcProvider) => call<OidcProviderView>('PATCH', `/oidc-providers/${id}`, change),
  deleteOidcProvider: (id: string) => call<void>('DELETE', `/oidc-providers/${id}`),
  resetUserFactors: (userId: string) => call<{ removed: number }>('DELETE', `/users/${userId}/factors`),
  signOut: () => call<void>('POST', '/auth/logout'),
  myPolicy: () => call<PolicyView>('GET', '/me/policy'),
  health: () => call<PlatformHealth>('GET', '/health'),

  // Catalog
  workspaces: () => call<Workspace[]>('GET', '/workspaces'),
  servers: () => call<ServerView[]>('GET', '/servers'),

  // Sessions: the launch answers at once; the page follows the session until it runs.
  /** Newest first; `live`: only sessions that are not over (what a page that polls needs). */
  sessions: (live = false) => call<Session[]>('GET', live ? '/sessions?live=true' : '/sessions'),
  session: (id: string) => call<Session>('GET', `/sessions/${id}`),
  launch: (request: LaunchSession) => call<Session>('POST', '/sessions', request, { prefer: RESPOND_ASYNC_PREFERENCE }),
  endSession: (id: string) => call<Session>('DELETE', `/sessions/${id}`),
  keepalive: (id: string) => call<Keepalive>('POST', `/sessions/${id}/keepalive`),
  joinShare: (shareId: string) => call<unknown>('POST', `/shares/${encodeURIComponent(shareId)}/join`),
  share: (id: string) => call<SessionShare>('POST', `/sessions/${id}/share`),
  revokeShare: (id: string) => call<void>('DELETE', `/sessions/${id}/share`),
  myProfiles: () => call<ProfileView[]>('GET', '/me/profiles'),
  resetMyProfile: (workspaceId: string) => call<void>('DELETE', `/me/profiles/${workspaceId}`),
  userProfiles: (userId: string) => call<ProfileView[]>('GET', `/users/${userId}/profiles`),
  resetUserProfile: (userId: string, workspaceId: string) => call<void>('DELETE', `/users/${userId}/profiles/${workspaceId}`),
  viewers: (id: string) => call<SessionViewer[]>('GET', `/sessions/${id}/viewers`),

  // Administration (the API refuses these to anyone but administrators)
  users: () => call<UserView[]>('GET', '/users'),
  createUser: (input: CreateUser) => call<CurrentUser>('POST', '/users', input),
  updateUser: (id: string, change: UpdateUser) => call<UserView>('PATCH', `/users/${id}`, change),
  resetPassword: (id: string, password: string) => call<void>('POST', `/users/${id}/password`, { password }),
  setUserGroups: (id: string, groupIds: string[]) => call<void>('PUT', `/users/${id}/groups`, { groupIds }),
  signOutUser: (id: string) => call<void>('POST', `/users/${id}/sign-out`),
  deleteUser: (id: string) => call<void>('DELETE', `/users/${id}?force=true`),
  groups: () => call<GroupView[]>('GET', '/groups'),
  createGroup: (input: CreateGroup) => call<GroupView>('POST', '/groups', input),
  updateGroup: (id: string, change: UpdateGroup) => call<void>('PATCH', `/groups/${id}`, change),
  setGroupSettings: (id: string, settings: GroupSettings) => call<void>('PUT', `/groups/${id}/settings`, settings),
  createWorkspace: (input: CreateWorkspace) => call<Workspace>('POST', '/workspaces', input),
  updateWorkspace: (id: string, change: UpdateWorkspace) => call<Workspace>('PATCH', `/workspaces/${id}`, change),
  createServer: (input: CreateServer) => call<ServerView>('POST', '/servers', input),
  updateServer: (id: string, change: UpdateServer) => call<ServerView>('PATCH', `/servers/${id}`, change),
  deleteServer: (id: string) => call<void>('DELETE', `/servers/${id}`),
  agents: () => call<AgentView[]>('GET', '/agents'),
  setAgentEnabled: (id: string, enabled: boolean) => call<void>('PATCH', `/agents/${id}`, { enabled }),
  audit: (filter: Partial<AuditQuery>) => call<AuditPage>('GET', `/audit${query(filter)}`),
};
