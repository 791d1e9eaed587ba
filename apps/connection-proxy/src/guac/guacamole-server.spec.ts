import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { createLogger } from '@atrium/logging';
import WebSocket from 'ws';
import { createGuacamoleServer } from './guacamole-server';
import { innerGuacamoleToken } from './inner-token';

describe('createGuacamoleServer', () => {
  let http: Server;
  afterEach(() => new Promise((resolve) => http.close(resolve)));

  it('should accept handed-over sockets without listening on a port of its own, and dial guacd for them', async () => {
    const key = randomBytes(16).toString('hex');
    // A stand-in guacd that records that it was dialled.
    const dialled: string[] = [];
    const guacd = (await import('node:net')).createServer((socket) =>
      socket.once('data', (data) => {
        dialled.push(String(data));
        socket.destroy();
      }),
    );
    await new Promise<void>((resolve) => guacd.listen(0, '127.0.0.1', resolve));
    const guacamole = createGuacamoleServer({ host: '127.0.0.1', port: (guacd.address() as AddressInfo).port }, key, createLogger('test', { level: 'silent' }));
    http = createServer();
    http.on('upgrade', (req, socket, head) => {
      req.url = `/?token=${encodeURIComponent(innerGuacamoleToken({ type: 'ssh', settings: { hostname: 'h', port: 22 } }, key))}`;
      guacamole.accept(req, socket, head, { sessionId: '6f1c1d2e-3b4a-4c5d-8e6f-7a8b9c0d1e2f' });
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const ws = new WebSocket(`ws://127.0.0.1:${(http.address() as AddressInfo).port}/guac/`);
    await new Promise((resolve) => ws.once('open', resolve));
    for (let i = 0; i < 100 && dialled.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(dialled[0]).toContain('6.select,3.ssh;');
    ws.close();
    guacamole.close();
    guacd.close();
  });
});
