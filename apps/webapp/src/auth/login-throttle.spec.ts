import { LoginThrottle, type LoginThrottleLimits } from './login-throttle';

const limits: LoginThrottleLimits = { perAddress: 5, perAccountAndAddress: 3, accountSlowdownAfter: 4, accountMaxDelayMs: 1000, windowMs: 60_000 };

function throttleAt(start = 0) {
  const clock = { now: start };
  return { clock, throttle: new LoginThrottle(limits, () => clock.now) };
}

const failTimes = (throttle: LoginThrottle, n: number, username: string, address: string) => {
  for (let i = 0; i < n; i++) throttle.recordFailure(username, address);
};

describe('LoginThrottle', () => {
  it('should refuse a username from the address that guessed it, with the seconds left', () => {
    const { throttle } = throttleAt();
    failTimes(throttle, 3, 'alice', '10.0.0.1');
    expect(throttle.decide('alice', '10.0.0.1')).toEqual({ refuse: true, retryAfterSeconds: 60 });
  });

  it('should not refuse the same username from another address', () => {
    const { throttle } = throttleAt();
    failTimes(throttle, 3, 'alice', '10.0.0.1');
    expect(throttle.decide('alice', '10.0.0.2')).toEqual({ refuse: false, delayMs: 0 });
  });

  it('should refuse an address that sprays many usernames', () => {
    const { throttle } = throttleAt();
    ['a', 'b', 'c', 'd', 'e'].forEach((username) => throttle.recordFailure(username, '10.0.0.9'));
    expect(throttle.decide('zed', '10.0.0.9').refuse).toBe(true);
    expect(throttle.decide('zed', '10.0.0.8').refuse).toBe(false);
  });

  it('should only slow an account guessed from many addresses, with a bounded delay', () => {
    const { throttle } = throttleAt();
    const delays = Array.from({ length: 12 }, (_, i) => {
      throttle.recordFailure('admin', `10.1.0.${i}`);
      return throttle.decide('admin', '192.168.0.1');
    });
    expect(delays.every((decision) => !decision.refuse)).toBe(true);
    const ms = delays.map((decision) => (decision.refuse ? -1 : decision.delayMs));
    expect(ms.slice(0, 3)).toEqual([0, 0, 0]);
    expect(ms[3]).toBe(100);
    expect(ms[4]).toBe(200);
    expect(Math.max(...ms)).toBe(1000);
  });

  it('should forget failures when the window has passed', () => {
    const { clock, throttle } = throttleAt();
    failTimes(throttle, 5, 'alice', '10.0.0.1');
    clock.now = 60_001;
    expect(throttle.decide('alice', '10.0.0.1')).toEqual({ refuse: false, delayMs: 0 });
  });

  it('should clear the pair after a success, but keep the address count', () => {
    const { throttle } = throttleAt();
    failTimes(throttle, 2, 'alice', '10.0.0.1');
    throttle.recordSuccess('alice', '10.0.0.1');
    throttle.recordFailure('alice', '10.0.0.1');
    expect(throttle.decide('alice', '10.0.0.1').refuse).toBe(false);
    failTimes(throttle, 2, 'bob', '10.0.0.1');
    expect(throttle.decide('carol', '10.0.0.1').refuse).toBe(true);
  });
});
