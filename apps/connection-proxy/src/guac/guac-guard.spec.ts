import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sealConnectionToken } from '@atrium/connection-token';
import { createLogger } from '@atrium/logging';
import WebSocket from 'ws';
import type { ConnectionTokenClaims } from '@atrium/contracts';
import { guacUpgradeGuard } from './guac-guard';
import type { ConnectionOwner } from './guacamole-server';

const key = randomBytes(16).toString('hex');
const origin = 'https://atrium.test';
const accepted: IncomingMessage[] = [];
const owners: ConnectionOwner[] = [];
// guacamole-lite's own decryption: what guacd will be given.
const Crypt = require('guacamole-lite/lib/Crypt.js');
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
      drivePath: (sessionId) => `/drives/${sessionId}`,
      accept: (req, socket, _head, owner) => {
        accepted.push(req);
        owners.push(owner);
        socket.end('HTTP/1.1 418 Accepted By Test\r\n\r\n');
      },
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));
beforeEach(() => {
  accepted.length = 0;
  owners.length = 0;
});

const SID = '6f1c1d2e-3b4a-4c5d-8e6f-7a8b9c0d1e2f';
const token = (
  exp = Date.now() + 60_000,
  sealWith = key,
  connection: ConnectionTokenClaims['connection'] = { type: 'ssh', settings: { hostname: 'h', password: 'pässwörd€' } },
) => sealConnectionToken({ sid: SID, exp, connection }, sealWith);

/** The connection guacamole-lite was handed, as it decrypts it. */
const handedConnection = () => new Crypt('AES-256-CBC', key).decrypt(new URL(accepted[0]?.url ?? '', 'http://x').searchParams.get('token')).connection;

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

  it("should give an RDP connection a drive in the session's own folder when files may cross, and hand the directions on", async () => {
    const rdp = (files?: { upload: boolean; download: boolean }) => ({ type: 'rdp' as const, settings: { hostname: 'h' }, ...(files && { files }) });
    await attempt(`?token=${token(undefined, key, { ...rdp({ upload: false, download: true }), microphone: true })}`);
    expect(handedConnection()).toEqual({
      type: 'rdp',
      settings: { hostname: 'h', 'enable-drive': true, 'drive-name': 'Atrium', 'drive-path': `/drives/${SID}`, 'create-drive-path': true },
    });
    expect(owners[0]).toMatchObject({ files: { upload: false, download: true }, microphone: true });

    for (const connection of [rdp({ upload: false, download: false }), rdp()]) {
      accepted.length = 0;
      await attempt(`?token=${token(undefined, key, connection)}`);
      expect(handedConnection()).toEqual({ type: 'rdp', settings: { hostname: 'h' } });
    }
  });

  it('should stay up after 200 bad connections in a row', async () => {
    for (let i = 0; i < 200; i++) await attempt(i % 2 ? `?token=${randomBytes(64).toString('base64url')}` : '');
    expect(accepted).toHaveLength(0);
    expect((await attempt(`?token=${token()}`)).status).toBe(418);
  });
});
