import { LoginThrottle } from './login-throttle';

describe('LoginThrottle', () => {
  it('should block a key after the limit of failures until the window passes', () => {
    let now = 0;
    const throttle = new LoginThrottle(3, 60_000, () => now);
    for (let i = 0; i < 3; i++) {
      expect(throttle.retryAfterSeconds('alice')).toBe(0);
      throttle.recordFailure('alice');
    }
    expect(throttle.retryAfterSeconds('alice')).toBe(60);
    expect(throttle.retryAfterSeconds('bob')).toBe(0);
    now = 60_001;
    expect(throttle.retryAfterSeconds('alice')).toBe(0);
  });

  it('should forget failures after a successful login', () => {
    const throttle = new LoginThrottle(1);
    throttle.recordFailure('alice');
    throttle.reset('alice');
    expect(throttle.retryAfterSeconds('alice')).toBe(0);
  });
});
