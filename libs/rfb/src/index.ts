export { desDecryptBlock, desEncryptBlock } from './des';
export { passwordOfVncPasswdFile, vncAuthResponse, vncPasswdFile } from './vnc-auth';
export { ByteReader, type ByteReaderOptions } from './byte-reader';
export { acceptClient, authenticateToServer, RfbHandshakeError } from './rfb-handshakes';
export { drop, emit, joinShortRuns, pass, ProtocolFilter, ProtocolFramer, read, type Protocol, type StreamOp } from './protocol-filter';
export { clientProtocol, type ClientPolicy } from './client-protocol';
export { serverProtocol, type ServerPolicy } from './server-protocol';
export { PixelFormatState, parsePixelFormat, type PixelFormat } from './pixel-format';
export { ENCODINGS, isAllowedEncoding, setEncodingsMessage } from './encodings';
