import { createServer, connect, type Socket } from 'node:net';
import { streamMetrics } from './stream-metrics';

describe('stream metrics', () => {
  it('counts a stream while it is open, and its bytes each way, also after it closed', async () => {
    const metrics = streamMetrics({ prefix: 'test_', streams: 'test_stream', what: 'Test streams' });
    const server = createServer((socket: Socket) => {
      metrics.track('desktop', socket);
      socket.on('data', () => socket.write(Buffer.alloc(1000)));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const client = connect((server.address() as { port: number }).port, '127.0.0.1');
    await new Promise((resolve) => client.once('connect', resolve));
    client.write(Buffer.alloc(10));
    await new Promise((resolve) => client.once('data', resolve));
    const during = await metrics.registry.metrics();
    expect(during).toContain('test_stream_connections{kind="desktop"} 1');
    client.end();
    await new Promise((resolve) => client.once('close', resolve));
    await new Promise((resolve) => server.close(resolve));
    const after = await metrics.registry.metrics();
    expect(after).toContain('test_stream_connections{kind="desktop"} 0');
    expect(after).toContain('test_stream_connections_total{kind="desktop"} 1');
    expect(after).toContain('test_stream_bytes_total{kind="desktop",direction="to_browser"} 1000');
    expect(after).toContain('test_stream_bytes_total{kind="desktop",direction="from_browser"} 10');
  });
});
