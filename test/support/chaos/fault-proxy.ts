// An HTTPS proxy in front of the apiserver that answers a seeded fraction of writes with an error
// while a fault window is open: 409 Conflict, 429 with Retry-After, 500, or a "lost response" (the
// write reaches the apiserver, the client is told 500 anyway). TLS ends here with a test CA; the
// proxy forwards with the admin's client certificate, so the controller needs no credentials of its
// own. Every request is logged (method, path, time, status, injected) for rate and write counting.
import { Agent, createServer, request, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCertificateAuthority, issueCertificate } from '../../../src/pki/certificates.js';
import type { SeededRandom } from './rng.js';

export type FaultKind = 'conflict' | 'throttle' | 'error' | 'lostResponse';

export interface FaultWindow {
  /** Fraction of eligible writes that fail, 0..1. */
  readonly rate: number;
  readonly kinds: readonly FaultKind[];
  /** Retry-After (header and Status details) of a 429. */
  readonly retryAfterSeconds: number;
}

export interface ProxiedRequest {
  readonly method: string;
  readonly path: string;
  /** When it arrived, on the test process's performance.now() clock (shared by all proxies). */
  readonly at: number;
  readonly status: number;
  readonly injected: FaultKind | undefined;
  /** The object a request is about: the path, plus the new object's name for a POST to a collection. */
  readonly target: string;
}

export interface UpstreamCredentials {
  readonly serverUrl: string;
  readonly caPem: string;
  readonly certPem: string;
  readonly keyPem: string;
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const STATUS_OF: Readonly<Record<FaultKind, { code: number; reason: string }>> = {
  conflict: { code: 409, reason: 'Conflict' },
  throttle: { code: 429, reason: 'TooManyRequests' },
  error: { code: 500, reason: 'InternalError' },
  lostResponse: { code: 500, reason: 'InternalError' },
};

function nameInBody(body: Buffer | undefined): string | undefined {
  if (body === undefined || body.length === 0) return undefined;
  try {
    const parsed = JSON.parse(body.toString()) as { metadata?: { name?: unknown } } | null;
    return typeof parsed?.metadata?.name === 'string' ? parsed.metadata.name : undefined;
  } catch {
    return undefined;
  }
}

export function isWrite(method: string): boolean {
  return WRITE_METHODS.has(method);
}

/** Lease renewals are left alone: a leader that cannot renew steps down, which is another test. */
export function isLeaseRequest(path: string): boolean {
  return path.includes('/apis/coordination.k8s.io/');
}

export class FaultProxy {
  readonly log: ProxiedRequest[] = [];
  readonly caPem: string;
  private readonly server: Server;
  private readonly agent: Agent;
  private window: FaultWindow | undefined;
  private readonly oneShots: { matches: (method: string, path: string) => boolean; kind: FaultKind }[] = [];
  private holdWatch: ((path: string) => boolean) | undefined;
  private readonly held = new Set<ServerResponse>();
  private readonly openWatches = new Map<ServerResponse, string>();
  private portNumber = 0;
  private readonly random: SeededRandom;

  private constructor(upstream: UpstreamCredentials, server: (handler: (req: IncomingMessage, res: ServerResponse) => void) => Server, caPem: string, random: SeededRandom) {
    this.caPem = caPem;
    this.random = random;
    this.agent = new Agent({ keepAlive: true, maxSockets: 256, ca: upstream.caPem, cert: upstream.certPem, key: upstream.keyPem });
    const target = new URL(upstream.serverUrl);
    this.server = server((req, res) => { this.handle(target, req, res); });
  }

  static async start(upstream: UpstreamCredentials, random: SeededRandom): Promise<FaultProxy> {
    const ca = await createCertificateAuthority('tnc-fault-proxy-ca', 24 * 3600 * 1000);
    const serving = await issueCertificate(ca, { commonName: 'fault-proxy', dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'], usage: 'server', validityMs: 24 * 3600 * 1000 });
    const proxy = new FaultProxy(upstream, (handler) => createServer({ cert: serving.certPem + ca.certPem, key: serving.keyPem }, handler), ca.certPem, random);
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', () => { resolve(); }));
    proxy.portNumber = (proxy.server.address() as AddressInfo).port;
    return proxy;
  }

  get url(): string {
    return `https://127.0.0.1:${this.portNumber}`;
  }

  /** Opens (a window) or closes (undefined) fault injection. */
  setFaults(window: FaultWindow | undefined): void {
    this.window = window;
  }

  now(): number {
    return performance.now();
  }

  /** Fails the next request (any method) that `matches` the path (without query), once. */
  failNext(matches: (method: string, path: string) => boolean, kind: FaultKind): void {
    this.oneShots.push({ matches, kind });
  }

  /** Cuts the open watches whose path matches; their clients reconnect. */
  dropWatches(matches: (path: string) => boolean): void {
    for (const [res, path] of this.openWatches) if (matches(path)) res.destroy();
  }

  /** New watches whose path matches are accepted but never answered, as if the stream hung. */
  holdWatches(matches: (path: string) => boolean): void {
    this.holdWatch = matches;
  }

  get heldWatches(): number {
    return this.held.size;
  }

  /** Stops holding and cuts the held watches, so their clients re-watch from where they were. */
  releaseWatches(): void {
    this.holdWatch = undefined;
    for (const res of this.held) res.destroy();
    this.held.clear();
  }

  private pickFault(method: string, path: string): FaultKind | undefined {
    const oneShot = this.oneShots.findIndex((r) => r.matches(method, path));
    if (oneShot >= 0) return this.oneShots.splice(oneShot, 1)[0]?.kind;
    const window = this.window;
    if (window === undefined || !isWrite(method) || isLeaseRequest(path)) return undefined;
    return this.random.next() < window.rate ? this.random.pick(window.kinds) : undefined;
  }

  private handle(target: URL, req: IncomingMessage, res: ServerResponse): void {
    if (req.method === 'GET') {
      this.forward(target, req, res, undefined);
      return;
    }
    // Bodies of writes are small: read them whole, to know which object a POST creates.
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => { this.forward(target, req, res, Buffer.concat(chunks)); });
  }

  private forward(target: URL, req: IncomingMessage, res: ServerResponse, body: Buffer | undefined): void {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const bare = path.split('?')[0] ?? path;
    const isWatch = method === 'GET' && /[?&]watch=(true|1)/.test(path);
    if (isWatch && this.holdWatch?.(bare) === true) {
      req.resume();
      this.held.add(res);
      res.on('close', () => this.held.delete(res));
      return;
    }
    const fault = this.pickFault(method, bare);
    const objectName = method === 'POST' ? nameInBody(body) : undefined;
    const record = (status: number): void => { this.log.push({ method, path: bare, at: this.now(), status, injected: fault, target: objectName === undefined ? bare : `${bare}/${objectName}` }); };
    if (fault !== undefined && fault !== 'lostResponse') {
      this.reject(res, fault);
      record(STATUS_OF[fault].code);
      return;
    }
    const headers = { ...req.headers };
    delete headers.host;
    delete headers.authorization;
    let answered = false;
    const upstream = request({ host: target.hostname, port: target.port, method, path, headers, agent: this.agent }, (upRes) => {
      record(upRes.statusCode ?? 0);
      upRes.on('end', () => { answered = true; });
      if (fault === 'lostResponse') {
        upRes.resume();
        this.reject(res, fault);
        return;
      }
      res.writeHead(upRes.statusCode ?? 502, upRes.headers);
      if (isWatch) {
        this.openWatches.set(res, bare);
        res.on('close', () => this.openWatches.delete(res));
      }
      upRes.pipe(res);
    });
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.destroy();
    });
    // A watch the client gave up on must not keep an upstream stream open.
    res.on('close', () => { if (!answered) upstream.destroy(); });
    if (body === undefined) req.pipe(upstream);
    else upstream.end(body);
  }

  private reject(res: ServerResponse, fault: FaultKind): void {
    const { code, reason } = STATUS_OF[fault];
    const retryAfter = this.window?.retryAfterSeconds ?? 1;
    const body = {
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      message: `injected ${reason}`,
      reason,
      code,
      ...(fault === 'throttle' ? { details: { retryAfterSeconds: retryAfter } } : {}),
    };
    res.writeHead(code, { 'content-type': 'application/json', ...(fault === 'throttle' ? { 'retry-after': String(retryAfter) } : {}) });
    res.end(JSON.stringify(body));
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => { resolve(); }));
    this.agent.destroy();
  }
}
