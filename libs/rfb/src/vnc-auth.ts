import { desEncryptBlock } from './des';

/** VNC uses each password byte with its bits mirrored as the DES key (a quirk of the original code). */
const mirrorBits = (byte: number) => {
  let mirrored = 0;
  for (let i = 0; i < 8; i++) mirrored |= ((byte >> i) & 1) << (7 - i);
  return mirrored;
};

/** The answer to a VncAuth challenge: the 16 bytes DES-encrypted, keyed by the first 8 password bytes. */
export function vncAuthResponse(password: string, challenge: Buffer): Buffer {
  if (challenge.length !== 16) throw new Error('a VncAuth challenge is 16 bytes');
  const key = Buffer.alloc(8);
  Buffer.from(password, 'latin1').copy(key, 0, 0, 8);
  const mirrored = Buffer.from(key.map(mirrorBits));
  return Buffer.concat([desEncryptBlock(mirrored, challenge.subarray(0, 8)), desEncryptBlock(mirrored, challenge.subarray(8, 16))]);
}
