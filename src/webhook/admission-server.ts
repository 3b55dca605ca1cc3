// The HTTPS server the apiserver calls. Handlers are synchronous functions of the parsed body, so a
// request costs one JSON parse, a few cache lookups and one JSON stringify. The TLS context can be
// swapped while serving (certificate rotation): new handshakes get the new certificate, and idle
// keep-alive connections are closed so clients re-handshake promptly.
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import type { WebhookMetrics, WebhookOutcome } from './webhook-metrics.js';

export interface HandlerResult {
  readonly outcome: WebhookOutcome;
  /** HTTP 200 body; absent with a status ≠ 200. */
  readonly body?: unknown;
  readonly status?: number;
  readonly message?: string;
}

export type AdmissionHandler = (body: unknown) => HandlerResult;

export interface AdmissionHttpsServerOptions {
  /** Path (e.g. `/mutate-pods`) → handler; the path also names the webhook in metrics. */
  readonly handlers: Readonly<Record<string, AdmissionHandler>>;
  /** Undefined when requests can be answered; otherwise why not (answered 503). */
  readonly unavailable?: () => string | undefined;
  readonly metrics?: WebhookMetrics;
  readonly log: Logger;
  readonly maxBodyBytes?: number;
}

/** The apiserver's own limit on a request body is 3 MiB; an AdmissionReview wraps one object. */
const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

export class AdmissionHttpsServer {
  private readonly options: AdmissionHttpsServerOptions;
  private readonly server: Server;

  constructor(options: AdmissionHttpsServerOptions, tls: { readonly certPem: string; readonly keyPem: string }) {
    this.options = options;
    this.server = createServer({ cert: tls.certPem, key: tls.keyPem, minVersion: 'TLSv1.2' }, (req, res) => { this.handle(req, res); });
    // The apiserver's webhook timeout is at most 30 s; anything slower than that is a dead client.
    this.server.requestTimeout = 30_000;
    this.server.headersTimeout = 10_000;
  }

  async listen(port: number, host = '0.0.0.0'): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    return (this.server.address() as AddressInfo).port;
  }

  get port(): number {
    const address = this.server.address();
    return address !== null && typeof address === 'object' ? address.port : 0;
  }

  /** Hot reload: later handshakes use the new certificate; no restart, no dropped request. */
  setCertificate(tls: { readonly certPem: string; readonly keyPem: string }): void {
    this.server.setSecureContext({ cert: tls.certPem, key: tls.keyPem, minVersion: 'TLSv1.2' });
    this.server.closeIdleConnections();
  }

  async close(): Promise<void> {
    this.server.closeIdleConnections();
    await new Promise<void>((resolve) => {
      this.server.close(() => { resolve(); });
      // Requests in flight finish within the apiserver's timeout; do not wait longer than that.
      setTimeout(() => { this.server.closeAllConnections(); }, 5_000).unref();
    });
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const started = performance.now();
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const handler = this.options.handlers[path];
    const finish = (status: number, outcome: WebhookOutcome | undefined, body: string, contentType = 'text/plain'): void => {
      res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) }).end(body);
      if (outcome !== undefined) this.options.metrics?.request(path, outcome, (performance.now() - started) / 1000);
    };
    if (handler === undefined) {
      finish(404, undefined, 'not found\n');
      return;
    }
    if (req.method !== 'POST') {
      finish(405, 'invalid', 'POST an AdmissionReview\n');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const limit = this.options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('error', () => { res.destroy(); });
    req.on('end', () => {
      if (size > limit) {
        finish(413, 'invalid', 'request body too large\n');
        return;
      }
      const unavailable = this.options.unavailable?.();
      if (unavailable !== undefined) {
        finish(503, 'unavailable', `${unavailable}\n`);
        return;
      }
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        finish(400, 'invalid', 'body is not JSON\n');
        return;
      }
      let result: HandlerResult;
      try {
        result = handler(body);
      } catch (err) {
        this.options.log.error({ err: errorMessage(err), path }, 'admission handler failed');
        finish(500, 'error', 'internal error\n');
        return;
      }
      if (result.status !== undefined && result.status !== 200) {
        finish(result.status, result.outcome, `${result.message ?? 'error'}\n`);
        return;
      }
      finish(200, result.outcome, JSON.stringify(result.body), 'application/json');
    });
  }
}
