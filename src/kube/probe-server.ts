// /healthz, /readyz and /metrics, served by every replica (leader or not).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

/** A named check; returns undefined when healthy, or the reason it is not. */
export type Check = () => string | undefined;

export interface ProbeServerOptions {
  readonly registry: Registry;
  readonly readiness: Record<string, Check>;
  readonly liveness?: Record<string, Check>;
}

function runChecks(checks: Record<string, Check>): { ok: boolean; body: string } {
  const lines: string[] = [];
  let ok = true;
  for (const [name, check] of Object.entries(checks)) {
    const failure = check();
    if (failure === undefined) lines.push(`[+]${name} ok`);
    else {
      ok = false;
      lines.push(`[-]${name} failed: ${failure}`);
    }
  }
  lines.push(ok ? 'ok' : 'not ready');
  return { ok, body: lines.join('\n') + '\n' };
}

export class ProbeServer {
  private readonly server: Server;

  constructor(options: ProbeServerOptions) {
    this.server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      if (req.method !== 'GET') {
        res.writeHead(405).end();
        return;
      }
      if (path === '/metrics') {
        options.registry.metrics().then(
          (text) => res.writeHead(200, { 'content-type': options.registry.contentType }).end(text),
          (err: unknown) => res.writeHead(500).end(String(err)),
        );
        return;
      }
      const checks = path === '/readyz' ? options.readiness : path === '/healthz' || path === '/livez' ? options.liveness ?? {} : undefined;
      if (checks === undefined) {
        res.writeHead(404).end('not found\n');
        return;
      }
      const { ok, body } = runChecks(checks);
      res.writeHead(ok ? 200 : 503, { 'content-type': 'text/plain' }).end(body);
    });
  }

  async listen(port: number, host = '0.0.0.0'): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => { resolve(); });
    });
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => { resolve(); }));
  }
}
