import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { PostgresSettings } from './postgres-container';

export interface TestDatabase {
  settings: PostgresSettings;
  drop(): Promise<void>;
}

/** Reads the server started by the integration tier's global setup. */
function serverSettings(): PostgresSettings {
  const raw = process.env['ATRIUM_TEST_POSTGRES'];
  if (!raw) throw new Error('ATRIUM_TEST_POSTGRES is not set: run integration tests with jest.int.config.cjs');
  return JSON.parse(raw) as PostgresSettings;
}

/** A database of its own for one test file, so files run in parallel against one server. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const server = serverSettings();
  const database = `test_${randomBytes(6).toString('hex')}`;
  const admin = new Client(server);
  await admin.connect();
  try {
    await admin.query(`create database ${database}`);
  } finally {
    await admin.end();
  }
  return {
    settings: { ...server, database },
    drop: async () => {
      const client = new Client(server);
      await client.connect();
      try {
        await client.query(`drop database if exists ${database} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}
