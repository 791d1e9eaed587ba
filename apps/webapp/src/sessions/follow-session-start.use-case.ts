import { STARTING_STATES, type Session } from '@atrium/contracts';
import type { AuthContext } from '../auth/auth-context';
import type { AppContext } from '../context';
import { findOwnSession } from './find-own-session';
import { toSessionView } from './session-view';

/** How often the starting session is read, and for how long at most (under kasm_proxy's 60 s read timeout). */
const READ_EVERY_MS = 100;
const FOLLOW_AT_MOST_MS = 55_000;

/**
 * Hands `onChange` the caller's session each time it changes while it starts, and once more when it leaves the
 * starting states (running, error, ended), then returns; also when `signal` aborts or after FOLLOW_AT_MOST_MS (the
 * browser's EventSource then asks again). The read is the one `GET /api/sessions/:id` does, so the same
 * ownership rule applies; a row lookup by key every 100 ms is what lets a replica that did not start the session
 * follow it too.
 */
export async function followSessionStart(
  ctx: AppContext,
  auth: AuthContext,
  sessionId: string,
  onChange: (session: Session) => void,
  signal: AbortSignal,
): Promise<void> {
  const deadline = Date.now() + FOLLOW_AT_MOST_MS;
  let last = '';
  while (!signal.aborted && Date.now() < deadline) {
    const session = await findOwnSession(ctx, auth, sessionId);
    const view = toSessionView(session);
    const text = JSON.stringify(view);
    if (text !== last) onChange(view);
    last = text;
    if (!STARTING_STATES.includes(session.state)) return;
    await new Promise((resolve) => setTimeout(resolve, READ_EVERY_MS));
  }
}
