import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKnex, migrateLatest } from '@atrium/db';
import { createLogger } from '@atrium/logging';
import { createTestDatabase, type TestDatabase } from '@atrium/testing';
import { buildApp } from '../app';
import { buildInternalApp } from '../internal-app';
import { ensureAdminUser } from '../bootstrap/ensure-admin-user';
import { loadWebappConfig } from '../config';
import { createAppContext, type AppContext } from '../context';

export interface TestApp {
  ctx: AppContext;
  /** The public API listener (what kasm_proxy's `/api/` reaches). */
  baseUrl: string;
  /** The internal listener (agents, auth_request). */
  internalUrl: string;
  close(): Promise<void>;
}

export const TEST_REGISTRATION_TOKEN = 'test-registration-token-0123456789abcdef';

/** A fresh ES256 key pair; tests that play the agent verify with `publicKey`. */
export const testKeys = generateKeyPairSync('ec', {
  namedCurve: 'P-256',
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});

/** The real webapp (real routes, real PostgreSQL) on a random loopback port, with its own database. */
export async function startTestApp(overrides: Record<string, string> = {}): Promise<TestApp> {
  const database: TestDatabase = await createTestDatabase();
  const { host, port, database: name, user, password } = database.settings;
  const config = loadWebappConfig({
    DB_HOST: host,
    DB_PORT: String(port),
    DB_NAME: name,
    DB_USER: user,
    DB_PASSWORD: password,
    AGENT_REGISTRATION_TOKEN: TEST_REGISTRATION_TOKEN,
    TOKEN_SIGNING_KEY: testKeys.privateKey,
    CREDENTIALS_KEY: randomBytes(32).toString('base64url'),
    CONNECTION_TOKEN_KEY: randomBytes(16).toString('hex'),
    CONNECTION_PROXY_CALL_KEY: randomBytes(32).toString('base64url'),
    CONNECTION_PROXY_URL: 'http://127.0.0.1:9',
    INITIAL_ADMIN_PASSWORD_PATH: join(mkdtempSync(join(tmpdir(), 'atrium-')), 'admin-password'),
    LOG_LEVEL: 'silent',
    ...overrides,
  });
  const logger = createLogger('webapp-test', { level: 'silent' });
  const knex = createKnex(database.settings, logger);
  await migrateLatest(knex);
  const ctx = createAppContext(config, knex, logger);
  await ensureAdminUser(ctx);
  const [server, internal] = await Promise.all([onLoopback(buildApp(ctx)), onLoopback(buildInternalApp(ctx))]);
  return {
    ctx,
    baseUrl: urlOf(server),
    internalUrl: urlOf(internal),
    close: async () => {
      await Promise.all([server, internal].map((listener) => new Promise((resolve) => listener.close(resolve))));
      await knex.destroy();
      await database.drop();
    },
  };
}

/**
 * A second webapp on the same database and settings (another replica, or the same one after a restart): its own
 * process state, the shared database.
 */
export async function startReplicaOf(app: TestApp): Promise<Omit<TestApp, 'internalUrl'>> {
  const { config } = app.ctx;
  const logger = createLogger('webapp-replica', { level: 'silent' });
  const knex = createKnex({ host: config.DB_HOST, port: config.DB_PORT, database: config.DB_NAME, user: config.DB_USER, password: config.DB_PASSWORD }, logger);
  const ctx = createAppContext(config, knex, logger);
  const server = await onLoopback(buildApp(ctx));
  return {
    ctx,
    baseUrl: urlOf(server),
    close: async () => {
      await new Promise((resolve) => server.close(resolve));
      await knex.destroy();
    },
  };
}

async function onLoopback(handler: RequestListener): Promise<Server> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

const urlOf = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

/** A response body typed by the contract the test expects it to follow. */
export const bodyOf = async <T>(response: Response): Promise<T> => (await response.json()) as T;

/**
 * A refusal as [status, error code]: a refusal test asserts both, since a status alone passes on another check's
 * refusal (the code names the check).
 */
export async function refusalOf(response: Response | Promise<Response>): Promise<[number, string | undefined]> {
  const answer = await response;
  const body = (await answer.json().catch(() => ({}))) as { code?: string };
  return [answer.status, body.code];
}

/** A browser's request to the test app's public API, with its session cookie (a redirect is answered, not followed). */
export const apiCall = (app: TestApp, path: string, cookie: string, method = 'GET', body?: unknown) =>
  fetch(`${app.baseUrl}${path}`, {
    method,
    redirect: 'manual',
    headers: { cookie, ...(body !== undefined && { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

/** Signs a user in to the test app and returns the session cookie. */
export async function signIn(app: TestApp, username: string, password: string): Promise<string> {
  const response = await fetch(`${app.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  return (response.headers.get('set-cookie') ?? '').split(';')[0] as string;
}
