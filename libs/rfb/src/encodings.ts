/**
 * The encodings a client may ask for through the agent: those whose length the agent can frame in the
 * server's stream (so it can filter server messages), with the pseudo-encodings viewers use. Anything else
 * the client lists is left out, and the server picks among the rest.
 */
export const ENCODINGS = {
  raw: 0,
  copyRect: 1,
  tight: 7,
  zrle: 16,
  desktopSize: -223,
  lastRect: -224,
  cursor: -239,
  qemuExtendedKeyEvent: -258,
  desktopName: -307,
  extendedDesktopSize: -308,
  fence: -312,
  continuousUpdates: -313,
  /** 0xC0A1E5CE as a signed 32-bit number. */
  extendedClipboard: -1063131698,
} as const;

const ALLOWED = new Set<number>(Object.values(ENCODINGS));

/** JPEG quality (-32..-23) and compression level (-256..-247): hints with no data of their own. */
const isLevelHint = (encoding: number) => (encoding >= -32 && encoding <= -23) || (encoding >= -256 && encoding <= -247);

export const isAllowedEncoding = (encoding: number) => ALLOWED.has(encoding) || isLevelHint(encoding);

/** A viewer lists a few dozen encodings at most; a longer list is not a viewer. */
export const MAX_ENCODINGS = 256;

/** A SetEncodings message with only the allowed encodings of `list` (4-byte signed integers), in order. */
export function setEncodingsMessage(list: Buffer): Buffer {
  const kept: number[] = [];
  for (let offset = 0; offset + 4 <= list.length; offset += 4) {
    const encoding = list.readInt32BE(offset);
    if (isAllowedEncoding(encoding)) kept.push(encoding);
  }
  const message = Buffer.alloc(4 + 4 * kept.length);
  message.writeUInt8(2, 0);
  message.writeUInt16BE(kept.length, 2);
  kept.forEach((encoding, index) => message.writeInt32BE(encoding, 4 + 4 * index));
  return message;
}
