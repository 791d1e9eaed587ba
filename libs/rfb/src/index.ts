export { desEncryptBlock } from './des';
export { vncAuthResponse } from './vnc-auth';
export { ByteReader } from './byte-reader';
export { acceptClient, authenticateToServer, RfbHandshakeError } from './rfb-handshakes';
export { ClientMessageFilter, clientMessageLength, type ClientPolicy } from './client-message-filter';
