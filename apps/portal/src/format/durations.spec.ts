import { ageOf, formatSpan, timeLeft } from './durations';

describe('formatSpan', () => {
  it.each([
    [0, '0 s'],
    [44_600, '45 s'],
    [12 * 60_000 + 5_000, '12 min'],
    [3 * 3600_000, '3 h'],
    [3 * 3600_000 + 5 * 60_000, '3 h 5 min'],
    [2 * 86_400_000 + 4 * 3600_000, '2 d 4 h'],
    [-5_000, '0 s'],
  ])('should say %p ms as %p', (ms, said) => {
    expect(formatSpan(ms)).toBe(said);
  });
});

describe('ageOf and timeLeft', () => {
  const now = Date.parse('2026-11-25T12:00:00Z');
  it('should count from and to the given times', () => {
    expect(ageOf('2026-11-25T11:30:00Z', now)).toBe('30 min');
    expect(timeLeft('2026-11-25T13:00:00Z', now)).toBe('1 h');
    expect(timeLeft('2026-11-25T11:00:00Z', now)).toBe('none');
    expect(timeLeft(null, now)).toBe('no limit');
  });
});
