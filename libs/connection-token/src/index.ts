export { openConnectionToken, sealConnectionToken, ConnectionTokenError } from './connection-token';
