import { createHmac } from 'node:crypto';

/**
 * A session's VNC password, derived from a secret only the agent holds, the session and its owner: the same
 * after an agent restart (the agent never reads anything back from the workspace), and a different one once a
 * staged container (owned by nobody) is claimed. VncAuth uses the first 8 bytes only.
 */
export const vncPasswordFor = (secret: string, sessionId: string, ownerId: string) =>
  createHmac('sha256', secret).update(`atrium vnc password:${sessionId}:${ownerId}`).digest('base64url').slice(0, 8);
