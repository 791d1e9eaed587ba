import { endedSentence, MAX_RECONNECT_DELAY_MS, nextStepAfterDrop, reconnectDelay } from './reconnect';

describe('reconnectDelay', () => {
  it('should double from one second and stop at thirty', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 20].map(reconnectDelay)).toEqual([1000, 2000, 4000, 8000, 16_000, MAX_RECONNECT_DELAY_MS, 30_000, 30_000]);
  });
});

describe('nextStepAfterDrop', () => {
  it('should reconnect with backoff while the session runs, and say so', () => {
    expect(nextStepAfterDrop({ state: 'running', errorMessage: null }, 0)).toEqual({ reconnectInMs: 1000, status: 'connection lost; reconnecting in 1 s' });
    expect(nextStepAfterDrop({ state: 'running', errorMessage: null }, 3)).toEqual({ reconnectInMs: 8000, status: 'connection lost; reconnecting in 8 s' });
  });

  it('should keep trying while the control plane cannot be asked (it may be restarting)', () => {
    expect(nextStepAfterDrop('unreachable', 1)).toMatchObject({ reconnectInMs: 2000 });
  });

  it('should look again shortly while the session is on its way to another state', () => {
    expect(nextStepAfterDrop({ state: 'stopping', errorMessage: null }, 0)).toEqual({ recheckInMs: 1000, status: 'session stopping' });
  });

  it('should stop and say why when the session ended', () => {
    expect(nextStepAfterDrop({ state: 'ended', errorMessage: 'the time limit of 1 h was reached' }, 0)).toEqual({
      ended: 'This session has ended. the time limit of 1 h was reached',
      status: 'session ended',
    });
    expect(nextStepAfterDrop('gone', 0)).toEqual({ ended: 'This session no longer exists.', status: 'session gone' });
    expect(nextStepAfterDrop('unshared', 0)).toEqual({ ended: 'The owner stopped sharing this session, or it ended.', status: 'share ended' });
    expect(nextStepAfterDrop({ state: 'paused', errorMessage: null }, 0)).toMatchObject({ status: 'session paused' });
  });
});

describe('endedSentence', () => {
  it('should name the state in words', () => {
    expect(endedSentence({ state: 'lost', errorMessage: null })).toBe('This session was lost: its container is gone.');
  });
});
