import type { AppError } from './app-error';
import { TransferBudget } from './transfer-budget';

const MiB = 1024 * 1024;
const codeOf = (work: () => void) => {
  try {
    work();
    return 'accepted';
  } catch (error) {
    return (error as AppError).code;
  }
};

describe('TransferBudget', () => {
  it('refuses a file over the per-file limit, whatever is left of the session', () => {
    const budget = new TransferBudget(10 * MiB, 100 * MiB);
    expect(codeOf(() => budget.reserve('s', 10 * MiB + 1))).toBe('file_too_large');
    expect(budget.remaining('s')).toBe(100 * MiB);
  });

  it('counts both directions against the session total and gives back what a transfer did not use', () => {
    const budget = new TransferBudget(10 * MiB, 15 * MiB);
    expect(codeOf(() => budget.reserve('s', 10 * MiB))).toBe('accepted');
    expect(codeOf(() => budget.reserve('s', 6 * MiB))).toBe('session_transfer_limit');
    budget.release('s', 4 * MiB);
    expect(codeOf(() => budget.reserve('s', 6 * MiB))).toBe('accepted');
    expect(budget.remaining('s')).toBe(3 * MiB);
    expect(budget.remaining('other')).toBe(15 * MiB);
  });

  it('takes a file that grows piece by piece against the same per-file limit', () => {
    const budget = new TransferBudget(10 * MiB, 100 * MiB);
    expect(codeOf(() => budget.reserve('s', 6 * MiB))).toBe('accepted');
    expect(codeOf(() => budget.reserve('s', 4 * MiB, 6 * MiB))).toBe('accepted');
    expect(codeOf(() => budget.reserve('s', 1, 10 * MiB))).toBe('file_too_large');
    expect(budget.remaining('s')).toBe(90 * MiB);
  });
});
