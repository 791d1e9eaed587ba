import { generateKeyPairSync } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { agentAudience, TOKEN_ISSUER, type FilesTokenClaims, type TransferReport } from '@atrium/contracts';
import { errorHandler } from '@atrium/http';
import { createLogger } from '@atrium/logging';
import express from 'express';
import jwt from 'jsonwebtoken';
import { filesRoutes } from './files.routes';
import { TransferBudget } from '@atrium/http';
import type { WorkspaceFiles } from './workspace-files';

/**
 * The agent checks file requests again where the bytes flow: the token's session and directions, the origin of
 * an upload, the size against the limits. Each refusal is set up so that every other check would let it through.
 */
const AGENT_ID = '7d0f7a8e-1b2c-4d3e-8f90-a1b2c3d4e5f6';
const SESSION = '6f1c1d2e-3b4a-4c5d-8e6f-7a8b9c0d1e2f';
const OTHER_SESSION = '0b6c4c1e-3f1a-4c55-9d7e-2a1f0c9b8e77';
const OWNER = '1a2b3c4d-0000-4000-8000-000000000001';
const ORIGIN = 'https://atrium.example';
const keys = generateKeyPairSync('ec', {
  namedCurve: 'P-256',
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});

const reports: TransferReport[] = [];
const written: string[] = [];
const files = {
  list: async () => [],
  openDownload: async () => ({ size: 5, body: Readable.from([Buffer.from('hello')]) }),
  upload: async (_sessionId: string, name: string, size: number, body: Readable) => {
    for await (const chunk of body) written.push(String(chunk));
    return { name, size };
  },
} as unknown as WorkspaceFiles;

let server: Server;
let base: string;
beforeAll(async () => {
  const app = express();
  app.use(
    filesRoutes({
      files,
      budget: new TransferBudget(1024, 4096),
      publicKey: keys.publicKey,
      publicOrigin: ORIGIN,
      agentId: () => AGENT_ID,
      report: async (report) => void reports.push(report),
      logger: createLogger('test', { level: 'silent' }),
    }),
  );
  app.use(errorHandler(createLogger('test', { level: 'silent' })));
  server = app.listen(0);
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  reports.splice(0);
  written.splice(0);
});

const token = (claims: Partial<Omit<FilesTokenClaims, 'typ'>> = {}) =>
  jwt.sign({ typ: 'files', sid: SESSION, own: OWNER, asid: OWNER, up: true, down: true, ...claims }, keys.privateKey, {
    algorithm: 'ES256',
    issuer: TOKEN_ISSUER,
    audience: agentAudience(AGENT_ID),
    expiresIn: 20,
  });

async function call(method: 'GET' | 'PUT', path: string, options: { token?: string; origin?: string; body?: string } = {}) {
  const headers: Record<string, string> = { 'x-atrium-connect-token': options.token ?? token() };
  if (method === 'PUT') headers['origin'] = options.origin ?? ORIGIN;
  const response = await fetch(`${base}/v1/desktop/${path}`, { method, headers, ...(options.body !== undefined && { body: options.body }) });
  const text = await response.text();
  const code = response.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as { code?: string }).code : undefined;
  return { status: response.status, code, text };
}

describe("the agent's file routes", () => {
  it('should upload and download with a token that allows both, and report each transfer', async () => {
    expect(await call('PUT', `${SESSION}/files/uploads/a.txt`, { body: 'abc' })).toMatchObject({ status: 201 });
    expect(written.join('')).toBe('abc');
    expect(await call('GET', `${SESSION}/files/downloads/b.txt`)).toMatchObject({ status: 200, text: 'hello' });
    expect(reports.map((report) => `${report.direction} ${report.name} ${report.bytes} ${report.outcome}`)).toEqual([
      'upload a.txt 3 completed',
      'download b.txt 5 completed',
    ]);
  });

  it('should refuse a direction the token does not carry, whatever the rest allows', async () => {
    expect(await call('PUT', `${SESSION}/files/uploads/a.txt`, { token: token({ up: false }), body: 'abc' })).toMatchObject({
      status: 403,
      code: 'uploads_disabled',
    });
    expect(await call('GET', `${SESSION}/files/downloads`, { token: token({ down: false }) })).toMatchObject({ status: 403, code: 'downloads_disabled' });
    expect(await call('GET', `${SESSION}/files/downloads/b.txt`, { token: token({ down: false }) })).toMatchObject({ status: 403, code: 'downloads_disabled' });
    expect(written).toEqual([]);
  });

  it('should refuse a token for another session, or none (invalid_files_token)', async () => {
    expect(await call('PUT', `${OTHER_SESSION}/files/uploads/a.txt`, { body: 'abc' })).toMatchObject({ status: 401, code: 'invalid_files_token' });
    expect(await call('GET', `${SESSION}/files/downloads`, { token: 'not-a-token' })).toMatchObject({ status: 401, code: 'invalid_files_token' });
  });

  it('should refuse an upload from another origin (bad_origin)', async () => {
    expect(await call('PUT', `${SESSION}/files/uploads/a.txt`, { origin: 'https://evil.example', body: 'abc' })).toMatchObject({
      status: 403,
      code: 'bad_origin',
    });
  });

  it('should refuse names that leave the folder or hide (validation_failed)', async () => {
    // (`..` itself never gets here: a URL's dot segments are resolved before it is sent.)
    for (const name of ['.bashrc', '%2E%2E%2Fescape', 'a%2Fb', 'a%5Cb', 'nul%00', '%20padded']) {
      expect(await call('PUT', `${SESSION}/files/uploads/${name}`, { body: 'abc' })).toMatchObject({ status: 400, code: 'validation_failed' });
    }
    expect(written).toEqual([]);
  });

  it('should refuse a file over the per-file limit before reading it, and report the refusal', async () => {
    expect(await call('PUT', `${SESSION}/files/uploads/big.bin`, { body: 'x'.repeat(1025) })).toMatchObject({ status: 413, code: 'file_too_large' });
    expect(written).toEqual([]);
    expect(reports).toEqual([expect.objectContaining({ direction: 'upload', outcome: 'refused', reason: 'file_too_large' })]);
  });
});
