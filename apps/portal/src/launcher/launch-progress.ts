import type { SessionState } from '@atrium/contracts';
import { ApiError } from '../api/api-error';

/** The steps a person sees while a session starts. */
export const LAUNCH_STEPS = ['Requested', 'Starting', 'Ready'] as const;

export interface LaunchProgress {
  /** Index into LAUNCH_STEPS of the step in progress (LAUNCH_STEPS.length once ready). */
  active: number;
  /** What is happening, or why it failed, as a sentence. */
  label: string;
  failed: boolean;
  ready: boolean;
}

const FAILED_STATES: Partial<Record<SessionState, string>> = {
  error: 'The session could not start.',
  lost: 'The session was lost while starting.',
  ended: 'The session ended before it was ready.',
  destroyed: 'The session was ended before it was ready.',
  stopped: 'The session was stopped before it was ready.',
};

/** Where a launch stands, from the session's state (undefined while the request itself is on its way). */
export function launchProgress(state: SessionState | undefined, errorMessage: string | null = null): LaunchProgress {
  if (state === undefined) return { active: 0, label: 'Asking for a session…', failed: false, ready: false };
  if (state === 'running') return { active: LAUNCH_STEPS.length, label: 'Ready; opening it…', failed: false, ready: true };
  if (state === 'requested') return { active: 1, label: 'Finding room for it…', failed: false, ready: false };
  if (state === 'provisioning') return { active: 1, label: 'Starting your session…', failed: false, ready: false };
  const reason = FAILED_STATES[state] ?? `The session is ${state}.`;
  return { active: 1, label: errorMessage ? `${reason} ${errorMessage}` : reason, failed: true, ready: false };
}

/** Why the launch request itself was refused, as the person should read it. */
export function launchRefusal(error: unknown): LaunchProgress {
  const sentence = error instanceof ApiError ? error.message : 'The launch failed; try again.';
  const label = error instanceof ApiError && error.code === 'no_capacity' ? `No capacity right now. ${sentence}` : sentence;
  return { active: 0, label, failed: true, ready: false };
}

/** A session that is still starting is polled; once it runs or failed there is nothing left to wait for. */
export const stillStarting = (state: SessionState | undefined) => state === 'requested' || state === 'provisioning';
