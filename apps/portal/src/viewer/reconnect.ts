import type { Session, SessionState } from '@atrium/contracts';

/** The longest wait between two attempts to reopen a dropped stream. */
export const MAX_RECONNECT_DELAY_MS = 30_000;

/** 1 s, 2 s, 4 s … up to 30 s: quick after a blip, gentle on a platform that is restarting. */
export const reconnectDelay = (failures: number) => Math.min(MAX_RECONNECT_DELAY_MS, 1000 * 2 ** Math.max(0, failures));

/** What the control plane says of the session after its stream dropped: its state, or that it is unreachable. */
export type SessionAfterDrop = { state: SessionState; errorMessage: string | null } | 'gone' | 'unshared' | 'unreachable';

export type NextStep =
  | { reconnectInMs: number; status: string }
  /** Ask about the session again, without opening a stream it would refuse. */
  | { recheckInMs: number; status: string }
  | { ended: string; status: string };

const TRANSIENT: SessionState[] = ['requested', 'provisioning', 'stopping'];

const ENDINGS: Partial<Record<SessionState, string>> = {
  ended: 'This session has ended.',
  destroyed: 'This session was ended.',
  error: 'This session failed.',
  lost: 'This session was lost: its container is gone.',
  paused: 'This session is paused.',
  stopped: 'This session is stopped.',
};

/** Why a session can no longer be shown, as a sentence (with the recorded reason when there is one). */
export function endedSentence(session: Pick<Session, 'state' | 'errorMessage'>): string {
  const sentence = ENDINGS[session.state] ?? `This session is ${session.state}.`;
  return session.errorMessage ? `${sentence} ${session.errorMessage}` : sentence;
}

/**
 * After a stream dropped: reopen it (with backoff) while the session runs or the control plane cannot be asked
 * (it may be restarting); otherwise say why the session cannot be shown any more.
 */
export function nextStepAfterDrop(session: SessionAfterDrop, failures: number): NextStep {
  if (session === 'gone') return { ended: 'This session no longer exists.', status: 'session gone' };
  if (session === 'unshared') return { ended: 'The owner stopped sharing this session, or it ended.', status: 'share ended' };
  if (session === 'unreachable' || session.state === 'running') {
    const delay = reconnectDelay(failures);
    return { reconnectInMs: delay, status: `connection lost; reconnecting in ${Math.round(delay / 1000)} s` };
  }
  // On its way somewhere (an administrator is ending it, an agent is starting it): look again shortly.
  if (TRANSIENT.includes(session.state)) return { recheckInMs: reconnectDelay(failures), status: `session ${session.state}` };
  return { ended: endedSentence(session), status: `session ${session.state}` };
}
