// A loopback TCP proxy in front of the apiserver for fault tests: it can drop every connection,
// stall them (bytes stop flowing but sockets stay open, like a dead network path), or refuse new ones.
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export class TcpProxy {
  private readonly server: Server;
  private readonly pairs = new Set<[Socket, Socket]>();
  private stalled = false;
  private refusing = false;
  port = 0;

  private constructor(targetPort: number) {
    this.server = createServer((client) => {
      if (this.refusing) {
        client.destroy();
        return;
      }
      const upstream = connect(targetPort, '127.0.0.1');
      const pair: [Socket, Socket] = [client, upstream];
      this.pairs.add(pair);
      const close = (): void => {
        client.destroy();
        upstream.destroy();
        this.pairs.delete(pair);
      };
      client.on('error', close).on('close', close);
      upstream.on('error', close).on('close', close);
      client.on('data', (chunk: Buffer) => { if (!this.stalled) upstream.write(chunk); });
      upstream.on('data', (chunk: Buffer) => { if (!this.stalled) client.write(chunk); });
    });
  }

  static async start(targetPort: number): Promise<TcpProxy> {
    const proxy = new TcpProxy(targetPort);
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', () => { resolve(); }));
    proxy.port = (proxy.server.address() as AddressInfo).port;
    return proxy;
  }

  get connections(): number {
    return this.pairs.size;
  }

  /** Cuts every open connection (clients see resets). */
  dropAll(): void {
    for (const [a, b] of this.pairs) {
      a.destroy();
      b.destroy();
    }
    this.pairs.clear();
  }

  /** Silently discards bytes in both directions; sockets stay open. New connections are stalled too. */
  stall(): void {
    this.stalled = true;
  }

  /** Lets bytes flow again; whatever was discarded is lost, so stalled streams are corrupt: drop them. */
  resume(options: { dropStalled: boolean } = { dropStalled: true }): void {
    if (options.dropStalled) this.dropAll();
    this.stalled = false;
  }

  refuse(on: boolean): void {
    this.refusing = on;
  }

  async close(): Promise<void> {
    this.dropAll();
    await new Promise<void>((resolve) => this.server.close(() => { resolve(); }));
  }
}
