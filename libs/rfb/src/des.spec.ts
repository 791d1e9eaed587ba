import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { desEncryptBlock } from './des';
import { passwordOfVncPasswdFile, vncAuthResponse, vncPasswdFile } from './vnc-auth';

/** OpenSSL's DES (legacy provider) in a child process: the reference the implementation must match. */
function opensslDes(key: Buffer, block: Buffer): string {
  const script = `const c=require('crypto').createCipheriv('des-ecb',Buffer.from('${key.toString('hex')}','hex'),null);c.setAutoPadding(false);process.stdout.write(Buffer.concat([c.update(Buffer.from('${block.toString('hex')}','hex')),c.final()]).toString('hex'))`;
  return execFileSync(process.execPath, ['--openssl-legacy-provider', '-e', script], { encoding: 'utf8' });
}

describe('DES', () => {
  it('should match the classic test vector (key 133457799BBCDFF1, plaintext 0123456789ABCDEF)', () => {
    const cipher = desEncryptBlock(Buffer.from('133457799BBCDFF1', 'hex'), Buffer.from('0123456789ABCDEF', 'hex'));
    expect(cipher.toString('hex')).toBe('85e813540f0ab405');
  });

  it('should match OpenSSL on random keys and blocks', () => {
    for (let i = 0; i < 8; i++) {
      const key = randomBytes(8);
      const block = randomBytes(8);
      expect(desEncryptBlock(key, block).toString('hex')).toBe(opensslDes(key, block));
    }
  });
});

describe('vncAuthResponse', () => {
  it('should mirror the password bits into the key and encrypt both challenge halves', () => {
    const challenge = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
    const mirroredKey = Buffer.from('secret\0\0', 'latin1').map((byte) => parseInt(byte.toString(2).padStart(8, '0').split('').reverse().join(''), 2));
    const expected = opensslDes(Buffer.from(mirroredKey), challenge.subarray(0, 8)) + opensslDes(Buffer.from(mirroredKey), challenge.subarray(8));
    expect(vncAuthResponse('secret', challenge).toString('hex')).toBe(expected);
  });

  it('should use only the first 8 characters of the password, as VNC does', () => {
    const challenge = randomBytes(16);
    expect(vncAuthResponse('12345678-and-more', challenge)).toEqual(vncAuthResponse('12345678', challenge));
  });
});

describe('vncPasswdFile', () => {
  it("should write what TigerVNC's vncpasswd -f writes (bytes taken from it)", () => {
    expect(vncPasswdFile('secret').toString('hex')).toBe('2e2dbf576eb06c9e');
    expect(vncPasswdFile('a1B2-c3_').toString('hex')).toBe('07fcd1cdbfb55bf9');
    expect(vncPasswdFile('a1B2-c3_and-more')).toEqual(vncPasswdFile('a1B2-c3_'));
  });

  it('should read back the password a file holds (decryption undoes encryption)', () => {
    expect(passwordOfVncPasswdFile(Buffer.from('2e2dbf576eb06c9e', 'hex'))).toBe('secret');
    expect(passwordOfVncPasswdFile(vncPasswdFile('Zx9-_aQ1'))).toBe('Zx9-_aQ1');
  });
});
