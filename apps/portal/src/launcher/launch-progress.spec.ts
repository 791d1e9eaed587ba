import { ApiError } from '../api/api-error';
import { LAUNCH_STEPS, launchProgress, launchRefusal, stillStarting } from './launch-progress';

describe('launchProgress', () => {
  it('should move through the steps as the session goes from the request to running', () => {
    const seen = [undefined, 'requested', 'provisioning', 'running'] as const;
    const steps = seen.map((state) => launchProgress(state));
    expect(steps.map((step) => step.active)).toEqual([0, 1, 1, LAUNCH_STEPS.length]);
    expect(steps.map((step) => step.ready)).toEqual([false, false, false, true]);
    expect(steps.some((step) => step.failed)).toBe(false);
  });

  it("should fail with the agent's reason when the session ends in error", () => {
    const progress = launchProgress('error', 'image atrium/workspace-x:dev not found');
    expect(progress).toMatchObject({ failed: true, ready: false });
    expect(progress.label).toBe('The session could not start. image atrium/workspace-x:dev not found');
  });

  it('should fail readably for every other end', () => {
    for (const state of ['lost', 'ended', 'destroyed', 'stopped'] as const) {
      expect(launchProgress(state)).toMatchObject({ failed: true });
      expect(launchProgress(state).label).toMatch(/^The session /);
    }
  });
});

describe('launchRefusal', () => {
  it('should say there is no capacity right now, with what ran out', () => {
    const refusal = launchRefusal(new ApiError(503, 'no_capacity', 'No agent has 2048 MiB of memory free.'));
    expect(refusal).toMatchObject({ failed: true, label: 'No capacity right now. No agent has 2048 MiB of memory free.' });
  });

  it("should pass on the policy's refusal as it is", () => {
    expect(launchRefusal(new ApiError(409, 'session_limit_reached', 'You already have 2 live sessions; end one first.')).label).toBe(
      'You already have 2 live sessions; end one first.',
    );
  });
});

describe('stillStarting', () => {
  it('should keep polling only while the session starts', () => {
    expect([undefined, 'requested', 'provisioning', 'running', 'error'].map((state) => stillStarting(state as never))).toEqual([
      false,
      true,
      true,
      false,
      false,
    ]);
  });
});
