import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { probeGuacd } from './probe-guacd';

describe('probeGuacd', () => {
  let server: Server;
  afterEach(() => new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined))));

  it('should report ok when something listens', async () => {
    server = createServer((socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    expect(await probeGuacd('127.0.0.1', (server.address() as AddressInfo).port)).toEqual({ status: 'ok' });
  });

  it('should report down with the reason when nothing listens', async () => {
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const health = await probeGuacd('127.0.0.1', port);
    expect(health.status).toBe('down');
    expect(health.detail).toContain('ECONNREFUSED');
  });
});
