import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CONNECTION_PROXY_AUDIENCE } from '@atrium/contracts';
import { errorHandler, OpenStreams } from '@atrium/http';
import { createLogger } from '@atrium/logging';
import express from 'express';
import jwt from 'jsonwebtoken';
import { closeSessionRoutes } from './close-session.routes';

const key = 'k'.repeat(43);
const sid = '6f1c1d2e-3b4a-4c5d-8e6f-7a8b9c0d1e2f';
const closed: string[] = [];
const streams = new OpenStreams();
let server: Server;
let base: string;

/** Two browser sign-ins (a, b) each with a stream open to the session. */
beforeEach(() => {
  closed.length = 0;
  streams.close({ sessionId: sid }, 'reset');
  closed.length = 0;
  for (const authSessionId of ['a1b2c3d4-0000-4000-8000-00000000000a', 'a1b2c3d4-0000-4000-8000-00000000000b']) {
    streams.add({ sessionId: sid, authSessionId, close: (reason) => closed.push(`${authSessionId.slice(-1)}: ${reason}`) });
  }
});

beforeAll(async () => {
  const logger = createLogger('test', { level: 'silent' });
  const app = express()
    .use(closeSessionRoutes({ callKey: key, streams, logger }))
    .use(errorHandler(logger));
  server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const call = (token: string, id = sid) => fetch(`${base}/v1/sessions/${id}/close`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
const sign = (claims: object, secret = key, audience = CONNECTION_PROXY_AUDIENCE) => jwt.sign(claims, secret, { algorithm: 'HS256', audience, expiresIn: 30 });

describe('close session route', () => {
  it('should close the streams of the session named by a valid token', async () => {
    const response = await call(sign({ typ: 'close-session', sid }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ closed: 2 });
    expect(closed).toEqual(['a: session ended', 'b: session ended']);
  });

  it("should close only one sign-in's streams after it signed out", async () => {
    const response = await call(sign({ typ: 'close-session', sid, asid: 'a1b2c3d4-0000-4000-8000-00000000000b' }));
    expect(await response.json()).toEqual({ closed: 1 });
    expect(closed).toEqual(['b: signed out']);
  });

  it.each([
    ['no token', ''],
    ['a token signed with another key', sign({ typ: 'close-session', sid }, 'x'.repeat(43))],
    ['a token for another audience', sign({ typ: 'close-session', sid }, key, 'atrium-agent:x')],
    ['a token for another session', sign({ typ: 'close-session', sid: '00000000-0000-4000-8000-000000000000' })],
  ])('should refuse %s', async (_name, token) => {
    const response = await call(token);
    expect([response.status, ((await response.json()) as { code: string }).code]).toEqual([401, 'invalid_call_token']);
    expect(closed).toEqual([]);
  });
});
