import { formatBytes } from './bytes';

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1024, '1.0 KiB'],
    [5 * 1024 * 1024 + 300 * 1024, '5.3 MiB'],
    [3 * 1024 ** 3, '3.0 GiB'],
  ])('should write %d bytes as %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});
