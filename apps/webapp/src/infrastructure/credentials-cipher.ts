import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

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

  decrypt<T>(sealed: Buffer): T {
    if (sealed[0] !== VERSION) throw new Error('unknown credentials format');
    const decipher = createDecipheriv('aes-256-gcm', this.key, sealed.subarray(1, 13));
    decipher.setAuthTag(sealed.subarray(13, 29));
    return JSON.parse(Buffer.concat([decipher.update(sealed.subarray(29)), decipher.final()]).toString('utf8')) as T;
  }
}
