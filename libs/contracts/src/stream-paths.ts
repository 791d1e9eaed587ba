/**
 * The URL paths of desktop and remote streams, declared once for the three roles that route them:
 * kasm_proxy (nginx locations), the webapp (authorising the original URI, connect URLs) and the agent.
 */

/** A session id in a path: a UUID as PostgreSQL writes it (lowercase hex and dashes). */
export const SESSION_ID_PATTERN = '[0-9a-f-]{36}';

/** The browser's WebSocket to a container desktop, through kasm_proxy. */
export const desktopStreamPath = (sessionId: string) => `/desktop/${sessionId}/websockify`;

/** The viewer page of a container desktop. */
export const desktopViewerPath = (sessionId: string) => `/desktop/${sessionId}/`;

/** What the owner of a shared session hands out: the viewer page, which joins through the share id first. */
export const shareJoinPath = (sessionId: string, shareId: string) => `${desktopViewerPath(sessionId)}?share=${encodeURIComponent(shareId)}`;

/** The same stream as the agent serves it, behind kasm_proxy. */
export const agentDesktopStreamPath = (sessionId: string) => `/v1/desktop/${sessionId}/websockify`;

/** The viewer page of a remote session. */
export const remoteViewerPath = (sessionId: string) => `/remote/${sessionId}/`;

/** Prefix of the Guacamole tunnel (the connection proxy); the token travels in the query. */
export const REMOTE_STREAM_PREFIX = '/guac/';

export const remoteStreamUrl = (connectionToken: string) => `${REMOTE_STREAM_PREFIX}?token=${connectionToken}`;

/** Matches a desktop stream path, with or without a query, capturing the session id. */
export const DESKTOP_STREAM_PATTERN = new RegExp(`^${desktopStreamPath(`(${SESSION_ID_PATTERN})`)}(?:\\?.*)?$`);

/** Matches the agent's desktop stream path, capturing the session id. */
export const AGENT_DESKTOP_STREAM_PATTERN = new RegExp(`^${agentDesktopStreamPath(`(${SESSION_ID_PATTERN})`)}$`);
