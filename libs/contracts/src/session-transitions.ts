import type { SessionState } from './sessions';

/**
 * Every allowed session state change, in one place:
 * requested → provisioning → running ⇄ paused, running ⇄ stopped, any live state → stopping → destroyed,
 * provisioning failure → error, container vanished → lost, remote system ended the connection → ended.
 * Terminal states go nowhere.
 */
const ALLOWED: Record<SessionState, readonly SessionState[]> = {
  requested: ['provisioning', 'stopping', 'error'],
  provisioning: ['running', 'stopping', 'error', 'lost'],
  running: ['paused', 'stopped', 'stopping', 'lost', 'ended'],
  paused: ['running', 'stopping', 'lost'],
  stopped: ['running', 'stopping', 'lost'],
  stopping: ['destroyed', 'error', 'lost'],
  destroyed: [],
  error: ['stopping', 'destroyed'],
  lost: ['stopping', 'destroyed'],
  ended: [],
};

export const TERMINAL_STATES: readonly SessionState[] = ['destroyed', 'ended'];

/** States in which a session still holds (or may hold) resources on an agent. */
export const LIVE_STATES: readonly SessionState[] = ['requested', 'provisioning', 'running', 'paused', 'stopped', 'stopping'];

export function canTransition(from: SessionState, to: SessionState): boolean {
  return ALLOWED[from].includes(to);
}

export class IllegalTransitionError extends Error {
  constructor(
    readonly from: SessionState,
    readonly to: SessionState,
  ) {
    super(`a session cannot go from ${from} to ${to}`);
    this.name = 'IllegalTransitionError';
  }
}

export function assertTransition(from: SessionState, to: SessionState): void {
  if (!canTransition(from, to)) throw new IllegalTransitionError(from, to);
}
