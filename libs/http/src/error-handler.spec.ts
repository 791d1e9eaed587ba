import express from 'express';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import type { ErrorEnvelope } from '@atrium/contracts';
import { createLogger } from '@atrium/logging';
import { Writable } from 'node:stream';
import { createError } from './app-error';
import { errorHandler, notFoundHandler } from './error-handler';
import { parseBody } from './validate';

const logged: string[] = [];
const logger = createLogger('test', {
  destination: new Writable({ write: (chunk, _e, done) => (logged.push(String(chunk)), done()) }),
});

function app() {
  const instance = express();
  instance.use(express.json());
  instance.post('/things', (req, res) => {
    const body = parseBody(z.object({ name: z.string().min(2) }), req);
    res.json(body);
  });
  instance.get('/forbidden', () => {
    throw createError(403, 'forbidden', 'Not yours.');
  });
  instance.get('/boom', () => {
    throw new Error('database password is hunter2');
  });
  instance.use(notFoundHandler);
  instance.use(errorHandler(logger));
  return instance;
}

let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer(app());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe('error envelope', () => {
  it('answers a schema violation with 400 and per-field validations', async () => {
    const res = await fetch(`${base}/things`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"x"}' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorEnvelope;
    expect(body.code).toBe('validation_failed');
    expect(body.validations).toEqual([{ field: 'name', message: expect.any(String) }]);
  });

  it('answers malformed JSON with 400 invalid_body', async () => {
    const res = await fetch(`${base}/things`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorEnvelope).code).toBe('invalid_body');
  });

  it('passes an AppError through with its status and code', async () => {
    const res = await fetch(`${base}/forbidden`);
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ code: 'forbidden', message: 'Not yours.' });
  });

  it('hides an unexpected error behind an errorId that is also logged', async () => {
    const res = await fetch(`${base}/boom`);
    expect(res.status).toBe(500);
    const body = (await res.json()) as ErrorEnvelope;
    expect(JSON.stringify(body)).not.toContain('hunter2');
    expect(body.errorId).toMatch(/^[0-9a-f-]{36}$/);
    expect(logged.some((line) => line.includes(String(body.errorId)))).toBe(true);
  });

  it('answers unknown routes with 404 in the envelope', async () => {
    const res = await fetch(`${base}/nope`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as ErrorEnvelope).code).toBe('not_found');
  });
});
