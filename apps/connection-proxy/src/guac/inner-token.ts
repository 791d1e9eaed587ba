import { createCipheriv, randomBytes } from 'node:crypto';
import type { ConnectionTokenClaims } from '@atrium/contracts';

/**
 * JSON with every non-ASCII character as a \uXXXX escape. guacamole-lite decrypts its token as ASCII,
 * which corrupts any other byte; escaped, the text is ASCII and JSON.parse restores the characters.
 */
export const asciiJson = (value: unknown) =>
  JSON.stringify(value).replace(/[\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);

/**
 * The token guacamole-lite expects (AES-256-CBC, base64 JSON of iv and value), built here from claims
 * this process already verified. Only `connection` goes in: no guacd routing, no query overrides.
 */
export function innerGuacamoleToken(connection: ConnectionTokenClaims['connection'], key: string): string {
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', Buffer.from(key, 'utf8'), iv);
  const value = Buffer.concat([cipher.update(asciiJson({ connection }), 'ascii'), cipher.final()]);
  return Buffer.from(JSON.stringify({ iv: iv.toString('base64'), value: value.toString('base64') })).toString('base64');
}
