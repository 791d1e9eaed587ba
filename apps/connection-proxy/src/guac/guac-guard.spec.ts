import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sealConnectionToken } from '@atrium/connection-token';
import { createLogger } from '@atrium/logging';
import WebSocket from 'ws';
import { guacUpgradeGuard } from './guac-guard';

const key = randomBytes(16).toString('hex');
const origin = 'https://atrium.test';
const accepted: IncomingMessage[] = [];
let server: Server;
let port: number;

beforeAll(async () => {
  server = createServer();
  server.on(
    'upgrade',
    guacUpgradeGuard({
      key,
      publicOrigin: origin,
      logger: createLogger('test', { level: 'silent' }),
      accept: (req, socket) => {
        accepted.push(req);
        socket.end('HTTP/1.1 418 Accepted By Test\r\n\r\n');
      },
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));
beforeEach(() => (accepted.length = 0));

const token = (exp = Date.now() + 60_000, sealWith = key) =>
  sealConnectionToken(
    { sid: '6f1c1d2e-3b4a-4c5d-8e6f-7a8b9c0d1e2f', exp, connection: { type: 'ssh', settings: { hostname: 'h', password: 'pässwörd€' } } },
    sealWith,
  );

/** Opens a WebSocket and collects what the server says until it closes. */
function attempt(query: string, from = origin): Promise<{ messages: string[]; status?: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/guac/${query}`, { origin: from });
    const messages: string[] = [];
    ws.on('message', (data) => messages.push(String(data)));
    ws.on('close', () => resolve({ messages }));
    ws.on('unexpected-response', (_req, res) => resolve({ messages, status: res.statusCode }));
    ws.on('error', () => resolve({ messages }));
  });
}

describe('guacUpgradeGuard', () => {
  it.each([
    ['no token', ''],
    ['an empty token', '?token='],
    ['garbage', `?token=${'A'.repeat(200)}`],
    ['a forged token', `?token=${token(Date.now() + 60_000, randomBytes(16).toString('hex'))}`],
    ['an expired token', `?token=${token(Date.now() - 1000)}`],
  ])('should answer %s with a Guacamole error and never hand it on', async (_name, query) => {
    const result = await attempt(query);
    expect(result.messages).toHaveLength(1);
    expect(result.messages[0]).toMatch(/^5\.error,\d+\.[^,]+,3\.769;$/);
    expect(accepted).toHaveLength(0);
  });

  it('should refuse a valid token from another origin', async () => {
    const result = await attempt(`?token=${token()}`, 'https://evil.example');
    expect(result.messages[0]).toMatch(/^5\.error,18\.Origin not allowed,3\.771;$/);
    expect(accepted).toHaveLength(0);
  });

  it('should hand a valid token on, with only a rebuilt inner token in the URL', async () => {
    const result = await attempt(`?token=${token()}&guacdHost=evil&width=1280&height=720&dpi=x`);
    expect(result.status).toBe(418);
    expect(accepted).toHaveLength(1);
    const url = new URL(accepted[0]?.url ?? '', 'http://x');
    expect([...url.searchParams.keys()]).toEqual(['token', 'width', 'height']);
  });

  it('should stay up after 200 bad connections in a row', async () => {
    for (let i = 0; i < 200; i++) await attempt(i % 2 ? `?token=${randomBytes(64).toString('base64url')}` : '');
    expect(accepted).toHaveLength(0);
    expect((await attempt(`?token=${token()}`)).status).toBe(418);
  });
});
