import { FILES_PATTERN, fileNameSchema, sanitizeFileName, uploadPath } from './files';

describe('file names', () => {
  it.each(['report.pdf', 'Photo 2026 (1).jpg', 'naïve café.txt', 'a'.repeat(255)])('accepts %s', (name) => {
    expect(fileNameSchema.safeParse(name).success).toBe(true);
  });

  it.each(['', '.', '..', '.bashrc', '../etc/passwd', 'a/b', 'a\\b', 'line\nbreak', 'nul\0', ' padded', 'é'.repeat(128)])('refuses %j', (name) => {
    expect(fileNameSchema.safeParse(name).success).toBe(false);
  });

  it('sanitises what a browser hands over into a name the server accepts', () => {
    for (const raw of ['../../etc/passwd', '.hidden', 'tab\there', '   ', 'x'.repeat(300) + '.tar.gz', 'é'.repeat(200) + '.pdf']) {
      const name = sanitizeFileName(raw);
      expect(fileNameSchema.safeParse(name).success).toBe(true);
    }
    expect(sanitizeFileName('../../etc/passwd')).toBe('_.._etc_passwd');
    expect(sanitizeFileName('x'.repeat(300) + '.gz').endsWith('.gz')).toBe(true);
  });

  it('routes an upload path with an encoded name, and no path with a separator in the name', () => {
    const sessionId = '0b9c6a7e-1111-4a4a-8a8a-123456789abc';
    expect(FILES_PATTERN.exec(uploadPath(sessionId, 'a b.txt'))?.slice(1)).toEqual([sessionId, 'uploads']);
    expect(FILES_PATTERN.exec(`/desktop/${sessionId}/files/uploads/a/b`)).toBeNull();
    expect(FILES_PATTERN.exec(`/desktop/${sessionId}/files/other`)).toBeNull();
  });
});
