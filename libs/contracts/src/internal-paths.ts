/**
 * Routes of the control plane's internal listener (INTERNAL_PORT): machine-to-machine calls from agents and
 * kasm_proxy's auth_request subrequests. The public API listener does not serve them at all, so no spelling
 * of a public URL (case, percent-encoding, slashes) can reach them through the front door.
 */
export const INTERNAL_PATHS = {
  agentRegistration: '/internal/agents/register',
  agentHeartbeat: (agentId: string) => `/internal/agents/${agentId}/heartbeat`,
  agentTransfers: (agentId: string) => `/internal/agents/${agentId}/transfers`,
  desktopAuthorization: '/internal/desktop-authorization',
  filesAuthorization: '/internal/files-authorization',
  remoteAuthorization: '/internal/remote-authorization',
  remoteEnded: (sessionId: string) => `/internal/sessions/${sessionId}/remote-ended`,
  remoteTransfers: (sessionId: string) => `/internal/sessions/${sessionId}/remote-transfers`,
} as const;
