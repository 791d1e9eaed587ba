import { GenericContainer, Wait, type StartedTestContainer } from 'testcontainers';
import { ensureDockerEnvironment } from './docker-environment';

export interface PostgresSettings {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
}

export interface StartedPostgres {
  settings: PostgresSettings;
  /** The variables the webapp reads, pointing at this container. */
  env(): Record<string, string>;
  stop(): Promise<void>;
}

/** Image of the project's own PostgreSQL build; override to use an official image where one can be pulled. */
const POSTGRES_IMAGE = process.env['ATRIUM_TEST_POSTGRES_IMAGE'] ?? 'atrium/postgres:15';

/** Starts a throwaway PostgreSQL tuned for tests (no fsync: durability is irrelevant, speed is not). */
export async function startPostgres(): Promise<StartedPostgres> {
  ensureDockerEnvironment();
  const password = 'test-only-password';
  const container: StartedTestContainer = await new GenericContainer(POSTGRES_IMAGE)
    .withEnvironment({ POSTGRES_USER: 'atrium', POSTGRES_DB: 'atrium', POSTGRES_PASSWORD: password })
    .withCommand(['postgres', '-c', 'fsync=off', '-c', 'full_page_writes=off', '-c', 'synchronous_commit=off'])
    .withExposedPorts(5432)
    .withLabels({ 'atrium.test': 'postgres' })
    .withWaitStrategy(Wait.forHealthCheck())
    .withStartupTimeout(60_000)
    .start();
  const settings: PostgresSettings = {
    host: container.getHost(),
    port: container.getMappedPort(5432),
    database: 'atrium',
    user: 'atrium',
    password,
  };
  return {
    settings,
    env: () => ({
      DB_HOST: settings.host,
      DB_PORT: String(settings.port),
      DB_NAME: settings.database,
      DB_USER: settings.user,
      DB_PASSWORD: settings.password,
    }),
    stop: async () => {
      await container.stop({ remove: true, removeVolumes: true });
    },
  };
}
