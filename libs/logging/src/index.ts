export { createLogger, REDACTED_PATHS } from './create-logger';
export type { Logger } from './create-logger';
