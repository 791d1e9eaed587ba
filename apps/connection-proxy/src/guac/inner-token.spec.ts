import { randomBytes } from 'node:crypto';
import { asciiJson, innerGuacamoleToken } from './inner-token';

// guacamole-lite's own decryption, the code whose ASCII decoding this module works around.
const Crypt = require('guacamole-lite/lib/Crypt.js');

describe('inner guacamole-lite token', () => {
  it('should be pure ASCII JSON that parses back to the same characters', () => {
    const text = asciiJson({ password: 'pässwörd€' });
    expect([...text].every((char) => char.charCodeAt(0) < 0x80)).toBe(true);
    expect(JSON.parse(text)).toEqual({ password: 'pässwörd€' });
  });

  it("should survive guacamole-lite's ASCII decryption with a non-ASCII password intact", () => {
    const key = randomBytes(16).toString('hex');
    const connection = { type: 'ssh' as const, settings: { hostname: 'ssh-target', password: 'pässwörd€' } };
    const decrypted = new Crypt('AES-256-CBC', key).decrypt(innerGuacamoleToken(connection, key));
    expect(decrypted).toEqual({ connection });
  });
});
