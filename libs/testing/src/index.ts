export { startPostgres, type StartedPostgres, type PostgresSettings } from './postgres-container';
export { createTestDatabase, type TestDatabase } from './test-database';
export { ensureDockerEnvironment } from './docker-environment';
export { startComposeStack, composeCli, type ComposeStackOptions } from './compose-stack';
export { RfbViewer, type ServerInit } from './rfb-viewer';
