import { z } from 'zod';

/**
 * Files for remote systems: SFTP for SSH, a per-session drive for RDP, both carried by guacd's own file streams
 * inside the Guacamole connection. The connection proxy sits on those streams and enforces the policy's
 * directions and the size limits whatever guacd or the browser would allow.
 */

/** The policy's directions, sealed into the connection token for the connection proxy. */
export const connectionFilesSchema = z.object({ upload: z.boolean(), download: z.boolean() });
export type ConnectionFiles = z.infer<typeof connectionFilesSchema>;

/**
 * Instruction the connection proxy sends the browser when it stops a file stream (`<opcode>,<stream>,<code>,
 * <message>`): the code is the error envelope's (`downloads_disabled`, `file_too_large`, …). guacamole-common-js
 * ignores opcodes it does not know; the portal reads this one before it.
 */
export const TRANSFER_REFUSED_OPCODE = 'atrium-refused';

/**
 * Instruction the browser sends to abandon a stream it sends (`<opcode>,<stream>`): an upload, or the microphone.
 * The Guacamole protocol ends a stream only as complete, so the connection proxy ends it towards guacd (and removes
 * what a drive kept of an upload, or tells guacamole-common-js's recorder the stream closed).
 */
export const TRANSFER_CANCEL_OPCODE = 'atrium-cancel';

/** Claims of the connection proxy's transfer report (HS256 with the call key, for one session). */
export const remoteTransferClaimsSchema = z.object({ typ: z.literal('remote-transfer'), sid: z.string().uuid() });
export type RemoteTransferClaims = z.infer<typeof remoteTransferClaimsSchema>;
