import { LoginThrottle, type FailureStore, type LoginThrottleLimits } from './login-throttle';

const limits: LoginThrottleLimits = { perAddress: 5, perAccountAndAddress: 3, accountSlowdownAfter: 4, accountMaxDelayMs: 1000, windowMs: 60_000 };

/** The store's contract in memory, on the test's clock (the integration tests use PostgreSQL's). */
function memoryStore(clock: { now: number }): FailureStore {
  const windows = new Map<string, { count: number; resetAt: number }>();
  const live = (key: string) => {
    const entry = windows.get(key);
    return entry && entry.resetAt > clock.now ? entry : undefined;
  };
  return {
    counts: async (keys) => new Map(keys.flatMap((key) => (live(key) ? [[key, live(key) as { count: number; resetAt: number }]] : []))),
    record: async (keys) => {
      for (const key of keys) windows.set(key, { count: (live(key)?.count ?? 0) + 1, resetAt: live(key)?.resetAt ?? clock.now + limits.windowMs });
    },
    reset: async (key) => void windows.delete(key),
  };
}

function throttleAt(start = 0) {
  const clock = { now: start };
  return { clock, throttle: new LoginThrottle(limits, memoryStore(clock), () => clock.now) };
}

const failTimes = async (throttle: LoginThrottle, n: number, username: string, address: string) => {
  for (let i = 0; i < n; i++) await throttle.recordFailure(username, address);
};

describe('LoginThrottle', () => {
  it('should refuse a username from the address that guessed it, with the seconds left', async () => {
    const { throttle } = throttleAt();
    await failTimes(throttle, 3, 'alice', '10.0.0.1');
    expect(await throttle.decide('alice', '10.0.0.1')).toEqual({ refuse: true, retryAfterSeconds: 60 });
  });

  it('should not refuse the same username from another address', async () => {
    const { throttle } = throttleAt();
    await failTimes(throttle, 3, 'alice', '10.0.0.1');
    expect(await throttle.decide('alice', '10.0.0.2')).toEqual({ refuse: false, delayMs: 0 });
  });

  it('should refuse an address that sprays many usernames', async () => {
    const { throttle } = throttleAt();
    for (const username of ['a', 'b', 'c', 'd', 'e']) await throttle.recordFailure(username, '10.0.0.9');
    expect((await throttle.decide('zed', '10.0.0.9')).refuse).toBe(true);
    expect((await throttle.decide('zed', '10.0.0.8')).refuse).toBe(false);
  });

  it('should only slow an account guessed from many addresses, with a bounded delay', async () => {
    const { throttle } = throttleAt();
    const delays = [];
    for (let i = 0; i < 12; i++) {
      await throttle.recordFailure('admin', `10.1.0.${i}`);
      delays.push(await throttle.decide('admin', '192.168.0.1'));
    }
    expect(delays.every((decision) => !decision.refuse)).toBe(true);
    const ms = delays.map((decision) => (decision.refuse ? -1 : decision.delayMs));
    expect(ms.slice(0, 3)).toEqual([0, 0, 0]);
    expect(ms[3]).toBe(100);
    expect(ms[4]).toBe(200);
    expect(Math.max(...ms)).toBe(1000);
  });

  it('should forget failures when the window has passed', async () => {
    const { clock, throttle } = throttleAt();
    await failTimes(throttle, 5, 'alice', '10.0.0.1');
    clock.now = 60_001;
    expect(await throttle.decide('alice', '10.0.0.1')).toEqual({ refuse: false, delayMs: 0 });
  });

  it('should clear the pair after a success, but keep the address count', async () => {
    const { throttle } = throttleAt();
    await failTimes(throttle, 2, 'alice', '10.0.0.1');
    await throttle.recordSuccess('alice', '10.0.0.1');
    await throttle.recordFailure('alice', '10.0.0.1');
    expect((await throttle.decide('alice', '10.0.0.1')).refuse).toBe(false);
    await failTimes(throttle, 2, 'bob', '10.0.0.1');
    expect((await throttle.decide('carol', '10.0.0.1')).refuse).toBe(true);
  });
});
