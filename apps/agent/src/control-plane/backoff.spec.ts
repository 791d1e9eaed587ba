import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  it('should double each attempt', () => {
    const delays = [0, 1, 2, 3].map((attempt) => backoffDelay(attempt, 60_000, () => 0.999999));
    expect(delays).toEqual([500, 1000, 2000, 4000]);
  });

  it('should never exceed the cap, however many attempts failed', () => {
    expect(backoffDelay(1_000, 30_000, () => 0.999999)).toBe(30_000);
  });

  it('should jitter between half and the full delay', () => {
    expect(backoffDelay(3, 60_000, () => 0)).toBe(2000);
  });
});
