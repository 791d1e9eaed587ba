import type { Duplex } from 'node:stream';
import { ByteReader } from './byte-reader';
import { vncAuthResponse } from './vnc-auth';

const RFB_38 = Buffer.from('RFB 003.008\n', 'latin1');
const SECURITY_NONE = 1;
const SECURITY_VNC_AUTH = 2;

export class RfbHandshakeError extends Error {}

async function readFailureReason(reader: ByteReader): Promise<string> {
  const length = await reader.readUint32();
  return (await reader.read(Math.min(length, 4096))).toString('utf8');
}

/**
 * The agent as a client of the workspace's VNC server: RFB 3.8, VncAuth with the session's password.
 * Resolves when the server has accepted us and waits for ClientInit.
 */
export async function authenticateToServer(server: Duplex, reader: ByteReader, password: string): Promise<void> {
  const version = (await reader.read(12)).toString('latin1');
  if (!version.startsWith('RFB 003.')) throw new RfbHandshakeError(`not an RFB server (${JSON.stringify(version)})`);
  server.write(RFB_38);
  const count = await reader.readUint8();
  if (count === 0) throw new RfbHandshakeError(`server refused: ${await readFailureReason(reader)}`);
  const types = [...(await reader.read(count))];
  if (!types.includes(SECURITY_VNC_AUTH)) throw new RfbHandshakeError(`server offers no VncAuth (types ${types.join(',')})`);
  server.write(Buffer.from([SECURITY_VNC_AUTH]));
  server.write(vncAuthResponse(password, await reader.read(16)));
  if ((await reader.readUint32()) !== 0) throw new RfbHandshakeError(`VNC authentication failed: ${await readFailureReason(reader)}`);
}

/**
 * The agent as the browser's RFB server: offers security type None only, since the browser was
 * authorised by the control plane already; the VNC password never leaves the agent.
 */
export async function acceptClient(client: Duplex, reader: ByteReader): Promise<void> {
  client.write(RFB_38);
  const version = (await reader.read(12)).toString('latin1');
  if (version !== 'RFB 003.008\n' && version !== 'RFB 003.007\n') throw new RfbHandshakeError(`unsupported client version ${JSON.stringify(version)}`);
  client.write(Buffer.from([1, SECURITY_NONE]));
  if ((await reader.readUint8()) !== SECURITY_NONE) throw new RfbHandshakeError('client chose a security type that was not offered');
  if (version === 'RFB 003.008\n') client.write(Buffer.from([0, 0, 0, 0]));
}
