export { ConfigError, loadConfig, loadConfigOrExit } from './load-config';
export { envBoolean, envPort, envUrl, secretString } from './env-types';
export { publicOrigin } from './public-origin';
