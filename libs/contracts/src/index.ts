export * from './error-envelope';
export * from './health';
export * from './auth';
export * from './agents';
export * from './sessions';
export * from './session-transitions';
export * from './provisioning';
export * from './workspaces';
