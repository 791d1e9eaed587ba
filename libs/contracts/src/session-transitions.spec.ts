import { assertTransition, canTransition, IllegalTransitionError, LIVE_STATES } from './session-transitions';
import { sessionStates, type SessionState } from './sessions';

/** The whole table, written out independently of the implementation: [from, to] pairs that are allowed. */
const expected = new Set<string>([
  'requested>provisioning',
  'requested>stopping',
  'requested>error',
  'provisioning>running',
  'provisioning>stopping',
  'provisioning>error',
  'provisioning>lost',
  'running>paused',
  'running>stopped',
  'running>stopping',
  'running>lost',
  'running>ended',
  'paused>running',
  'paused>stopping',
  'paused>lost',
  'stopped>running',
  'stopped>stopping',
  'stopped>lost',
  'stopping>destroyed',
  'stopping>error',
  'stopping>lost',
  'error>stopping',
  'error>destroyed',
  'lost>stopping',
  'lost>destroyed',
]);

const allPairs = sessionStates.flatMap((from) => sessionStates.map((to) => [from, to] as [SessionState, SessionState]));

describe('session transitions', () => {
  it.each(allPairs)('%s → %s is allowed exactly when the table says so', (from, to) => {
    expect(canTransition(from, to)).toBe(expected.has(`${from}>${to}`));
  });

  it('should reject an illegal transition with both states named', () => {
    expect(() => assertTransition('destroyed', 'running')).toThrow(new IllegalTransitionError('destroyed', 'running'));
    expect(() => assertTransition('requested', 'provisioning')).not.toThrow();
  });

  it('should let every live state reach destroyed through stopping', () => {
    for (const state of LIVE_STATES) {
      expect(state === 'stopping' || canTransition(state, 'stopping')).toBe(true);
    }
    expect(canTransition('stopping', 'destroyed')).toBe(true);
  });

  it('should let nothing leave destroyed or ended', () => {
    expect(sessionStates.filter((to) => canTransition('destroyed', to) || canTransition('ended', to))).toEqual([]);
  });
});
