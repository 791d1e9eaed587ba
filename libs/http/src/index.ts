export { AppError, createError, isAppError } from './app-error';
export { asAppError, errorHandler, notFoundHandler } from './error-handler';
export { parseBody, parseParams, parseQuery } from './validate';
export { onShutdown, installShutdownHandlers } from './shutdown';
export { listen, closeServer } from './server-lifecycle';
export { startRoleServer, type RoleServerOptions } from './role-server';
export { OpenStreams, type OpenStream } from './open-streams';
export { TransferBudget } from './transfer-budget';
export { streamMetrics } from './stream-metrics';
