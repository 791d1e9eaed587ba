import { createServer, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer } from 'node:net';
import { randomBytes } from 'node:crypto';
import { TransferBudget } from '@atrium/http';
import { createLogger } from '@atrium/logging';
import WebSocket from 'ws';
import { createGuacamoleServer, type GuacamoleServerOptions } from './guacamole-server';
import { innerGuacamoleToken } from './inner-token';

describe('createGuacamoleServer', () => {
  let http: Server;
  afterEach(() => new Promise((resolve) => http.close(resolve)));

  /** A proxy in front of `guacd` (a stand-in), and a viewer's socket opened through it for one SSH session. */
  async function viewerThrough(guacd: NetServer, remoteEnded?: GuacamoleServerOptions['remoteEnded']) {
    const key = randomBytes(16).toString('hex');
    await new Promise<void>((resolve) => guacd.listen(0, '127.0.0.1', resolve));
    const guacamole = createGuacamoleServer({
      guacd: { host: '127.0.0.1', port: (guacd.address() as AddressInfo).port },
      key,
      logger: createLogger('test', { level: 'silent' }),
      transfers: { budget: new TransferBudget(1, 1), removePartial: () => undefined, report: () => undefined },
      ...(remoteEnded && { remoteEnded }),
    });
    http = createServer();
    http.on('upgrade', (req, socket, head) => {
      req.url = `/?token=${encodeURIComponent(innerGuacamoleToken({ type: 'ssh', settings: { hostname: 'h', port: 22 } }, key))}`;
      guacamole.accept(req, socket, head, { sessionId: '6f1c1d2e-3b4a-4c5d-8e6f-7a8b9c0d1e2f' });
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const ws = new WebSocket(`ws://127.0.0.1:${(http.address() as AddressInfo).port}/guac/`);
    await new Promise((resolve) => ws.once('open', resolve));
    return { guacamole, ws };
  }

  it('should accept handed-over sockets without listening on a port of its own, and dial guacd for them', async () => {
    // A stand-in guacd that records that it was dialled.
    const dialled: string[] = [];
    const guacd = createNetServer((socket) =>
      socket.once('data', (data) => {
        dialled.push(String(data));
        socket.destroy();
      }),
    );
    const { guacamole, ws } = await viewerThrough(guacd);
    for (let i = 0; i < 100 && dialled.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(dialled[0]).toContain('6.select,3.ssh;');
    ws.close();
    guacamole.close();
    guacd.close();
  });

  it('should tell an open viewer that the service restarts (1012) when it closes, and report no remote end', async () => {
    // A stand-in guacd that accepts and stays silent, as a real one would mid-handshake.
    const guacd = createNetServer(() => undefined);
    const remoteEnds: string[] = [];
    const { guacamole, ws } = await viewerThrough(guacd, (_sessionId, reason) => remoteEnds.push(reason));
    const closed = new Promise<number>((resolve) => ws.once('close', resolve));
    guacamole.close();
    expect(await closed).toBe(1012);
    expect(remoteEnds).toEqual([]);
    guacd.close();
  });

  it('should govern file streams on a live connection: a refused upload is answered by the proxy and never reaches guacd', async () => {
    const key = randomBytes(16).toString('hex');
    const received: string[] = [];
    // A stand-in guacd that completes the handshake and then records what it is sent.
    const sockets: import('node:net').Socket[] = [];
    const guacd = (await import('node:net')).createServer(
      (socket) =>
        sockets.push(socket) &&
        socket.on('data', (data) => {
          const text = String(data);
          received.push(text);
          if (text.includes('6.select')) socket.write('4.args,13.VERSION_1_1_0,8.hostname;');
          if (text.includes('7.connect')) socket.write('5.ready,4.$abc;');
        }),
    );
    await new Promise<void>((resolve) => guacd.listen(0, '127.0.0.1', resolve));
    const reports: unknown[] = [];
    const guacamole = createGuacamoleServer({
      guacd: { host: '127.0.0.1', port: (guacd.address() as AddressInfo).port },
      key,
      logger: createLogger('test', { level: 'silent' }),
      transfers: { budget: new TransferBudget(1024, 1024), removePartial: () => undefined, report: (_sid, report) => reports.push(report) },
    });
    http = createServer();
    http.on('upgrade', (req, socket, head) => {
      req.url = `/?token=${encodeURIComponent(innerGuacamoleToken({ type: 'ssh', settings: { hostname: 'h' } }, key))}`;
      guacamole.accept(req, socket, head, { sessionId: '6f1c1d2e-3b4a-4c5d-8e6f-7a8b9c0d1e2f', files: { upload: false, download: true } });
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const ws = new WebSocket(`ws://127.0.0.1:${(http.address() as AddressInfo).port}/guac/`);
    const answers: string[] = [];
    ws.on('message', (data) => answers.push(String(data)));
    // The connection is open once guacd said it is ready (its id reaches the browser).
    for (let i = 0; i < 100 && !answers.join('').includes('$abc'); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    ws.send('3.put,1.1,1.4,24.application/octet-stream,6./x.bin;');
    ws.send('4.blob,1.4,4.AAAA;');
    ws.send('4.sync,2.42;');
    for (let i = 0; i < 100 && !received.join('').includes('4.sync'); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(received.join('')).toContain('4.sync,2.42;');
    expect(received.join('')).not.toMatch(/put|blob/);
    expect(answers.join('')).toContain('3.ack,1.4,38.Uploads are turned off by your policy.,3.771;');
    expect(reports).toEqual([{ direction: 'upload', name: '/x.bin', bytes: 0, outcome: 'refused', reason: 'uploads_disabled' }]);
    // Text that is not the protocol ends the connection, and none of it reaches guacd.
    const closed = new Promise<number>((resolve) => ws.once('close', resolve));
    ws.send('4.blob,1.4,9999.AAAA;3.nop;');
    ws.send('x'.repeat(2 * 1024 * 1024));
    expect(await closed).toBe(1008);
    expect(received.join('')).not.toContain('nop');
    guacamole.close();
    sockets.forEach((socket) => socket.destroy());
    guacd.close();
  });
});
