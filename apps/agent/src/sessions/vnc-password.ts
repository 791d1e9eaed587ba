import { createHmac } from 'node:crypto';

/**
 * A session's VNC password, derived from a secret only the agent holds: the same after an agent restart,
 * so the agent never reads anything back from the workspace. VncAuth uses the first 8 bytes only.
 */
export const vncPasswordFor = (secret: string, sessionId: string) =>
  createHmac('sha256', secret).update(`atrium vnc password:${sessionId}`).digest('base64url').slice(0, 8);
