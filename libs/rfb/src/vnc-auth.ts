import { desDecryptBlock, desEncryptBlock } from './des';

/** VNC uses each password byte with its bits mirrored as the DES key (a quirk of the original code). */
const mirrorBits = (byte: number) => {
  let mirrored = 0;
  for (let i = 0; i < 8; i++) mirrored |= ((byte >> i) & 1) << (7 - i);
  return mirrored;
};

/** A password as VNC uses it: its first 8 bytes, zero-padded. */
const passwordBlock = (password: string) => {
  const block = Buffer.alloc(8);
  Buffer.from(password, 'latin1').copy(block, 0, 0, 8);
  return block;
};

/** The answer to a VncAuth challenge: the 16 bytes DES-encrypted, keyed by the first 8 password bytes. */
export function vncAuthResponse(password: string, challenge: Buffer): Buffer {
  if (challenge.length !== 16) throw new Error('a VncAuth challenge is 16 bytes');
  const mirrored = Buffer.from(passwordBlock(password).map(mirrorBits));
  return Buffer.concat([desEncryptBlock(mirrored, challenge.subarray(0, 8)), desEncryptBlock(mirrored, challenge.subarray(8, 16))]);
}

/** The fixed key every VNC implementation obfuscates stored passwords with (it is not a secret). */
const PASSWD_FILE_KEY = Buffer.from([23, 82, 107, 6, 35, 78, 88, 7].map(mirrorBits));

/**
 * A password in the format of a VNC password file (what `vncpasswd -f` writes, what Xvnc's `-rfbauth` reads):
 * 8 bytes, obfuscated with the fixed key. Xvnc reads the file at every authentication, so rewriting it
 * changes the password for the next connection.
 */
export const vncPasswdFile = (password: string): Buffer => desEncryptBlock(PASSWD_FILE_KEY, passwordBlock(password));

/** The password a VNC password file holds (its first 8 bytes, without the zero padding). */
export const passwordOfVncPasswdFile = (file: Buffer): string => desDecryptBlock(PASSWD_FILE_KEY, file.subarray(0, 8)).toString('latin1').replace(/\0+$/, '');
