import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { createError } from '@atrium/http';

const VERSION = 1;

/**
 * Encrypts remote-system credentials at rest with AES-256-GCM. The key lives in the secrets volume,
 * never in the database, so a database dump alone does not reveal any password. Layout:
 * version (1 byte) | iv (12) | tag (16) | ciphertext.
 */
export class CredentialsCipher {
  private readonly key: Buffer;

  constructor(keyBase64Url: string) {
    this.key = Buffer.from(keyBase64Url, 'base64url');
    if (this.key.length !== 32) throw new Error('the credentials key must be 32 bytes (base64url)');
  }

  encrypt(value: unknown): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const ciphertext = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), ciphertext]);
  }

  /**
   * The sealed value, or a 503 `sealed_secret_unreadable` when these bytes were not sealed with this key:
   * after a restore without the secrets volume, every stored secret is unreadable and the person who
   * meets it (launching a server, checking a second factor) should learn why, not see a 500.
   */
  decrypt<T>(sealed: Buffer): T {
    if (sealed[0] !== VERSION || sealed.length < 29) throw unreadable();
    const decipher = createDecipheriv('aes-256-gcm', this.key, sealed.subarray(1, 13));
    decipher.setAuthTag(sealed.subarray(13, 29));
    let plaintext: Buffer;
    try {
      plaintext = Buffer.concat([decipher.update(sealed.subarray(29)), decipher.final()]);
    } catch {
      throw unreadable();
    }
    return JSON.parse(plaintext.toString('utf8')) as T;
  }
}

const unreadable = () =>
  createError(
    503,
    'sealed_secret_unreadable',
    "A stored secret cannot be opened with this host's credentials key; an administrator must enter it again, or restore the secrets volume it was sealed with.",
  );
