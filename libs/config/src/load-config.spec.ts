import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { envBoolean, envPort, secretString } from './env-types';
import { ConfigError, loadConfig } from './load-config';

const shape = { PORT: envPort(3000), DEBUG: envBoolean(false), API_SECRET: secretString(8), NAME: z.string().default('x') };

describe('loadConfig', () => {
  it('applies defaults and casts values', () => {
    expect(loadConfig(shape, { API_SECRET: 'abcdefgh', PORT: '8080', DEBUG: 'yes' })).toEqual({
      PORT: 8080,
      DEBUG: true,
      API_SECRET: 'abcdefgh',
      NAME: 'x',
    });
  });

  it('names a missing variable in one line', () => {
    expect(() => loadConfig(shape, {})).toThrow(new ConfigError('API_SECRET', 'is required'));
  });

  it('names a malformed variable without echoing its value', () => {
    const error = captureError(() => loadConfig(shape, { API_SECRET: 'abcdefgh', PORT: '99999' }));
    expect(error.message).toBe('invalid setting PORT: must be a port number (1-65535)');
    expect(error.message).not.toContain('\n');
  });

  it('reads a secret from NAME_FILE', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cfg-')), 'secret');
    writeFileSync(file, 's3cret-value\n');
    expect(loadConfig(shape, { API_SECRET_FILE: file }).API_SECRET).toBe('s3cret-value');
  });

  it('names the _FILE variable when its file is missing', () => {
    expect(() => loadConfig(shape, { API_SECRET_FILE: '/nonexistent/secret' })).toThrow(
      'invalid setting API_SECRET_FILE: cannot read /nonexistent/secret (ENOENT)',
    );
  });

  it('does not leak a too-short secret in the message', () => {
    const error = captureError(() => loadConfig(shape, { API_SECRET: 'short' }));
    expect(error.message).toBe('invalid setting API_SECRET: must be at least 8 characters');
  });
});

function captureError(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}
