// A local QingCloud IaaS API simulator: an HTTP server on 127.0.0.1 that answers the actions the
// provider uses with the documented rules (signatures, jobs, transitions, address rules, quotas,
// pagination) and can inject faults. Tests start it in-process; `main.ts` starts it for the demo.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { realClock, type SimClock } from './clock.js';
import { FaultInjector, type FaultRule } from './faults.js';
import { HANDLERS } from './handlers/index.js';
import { checkRequest, withoutEmpty } from './request-check.js';
import { SeededRandom } from './rng.js';
import { SimFailure, SimParams } from './sim-params.js';
import { snapshotWorld, type SimSnapshot } from './snapshot.js';
import { DEFAULT_QUOTAS, DEFAULT_TIMINGS, World, type SimQuotas, type SimTimings } from './world.js';

export interface SimulatorOptions {
  /** 0 (default) picks a free port. */
  readonly port?: number;
  readonly seed?: number;
  readonly accessKeyId?: string;
  readonly secretAccessKey?: string;
  readonly zone?: string;
  readonly clock?: SimClock;
  readonly timings?: Partial<Omit<SimTimings, 'jobWorkingMs'>> & { readonly jobWorkingMs?: Readonly<Record<string, number>> };
  readonly quotas?: Partial<SimQuotas>;
  /** At most `limit` calls per `windowMs`, then 2500. */
  readonly apiCallQuota?: { readonly limit: number; readonly windowMs: number };
  /** Largest accepted time_stamp skew; default 60 s as documented. */
  readonly maxSkewMs?: number;
  readonly maxRouterVxnets?: number;
  readonly faults?: readonly FaultRule[];
  readonly monitorNoise?: { readonly naRate: number; readonly gapRate: number };
}

export interface CallRecord {
  readonly action: string;
  /** ret_code answered, or 'dropped' when the connection was destroyed. */
  readonly retCode: number | 'dropped';
  readonly atMs: number;
  /** The request's parameters without the signature. */
  readonly params: Readonly<Record<string, string>>;
}

export interface QingCloudSimulator {
  /** e.g. `http://127.0.0.1:41234/iaas/`. */
  readonly endpoint: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly zone: string;
  readonly clock: SimClock;
  /** Direct access to the simulated account, for tests that arrange unusual states. */
  readonly world: World;
  calls(): CallRecord[];
  /** Calls per action. */
  callCounts(): Record<string, number>;
  resetCalls(): void;
  state(): SimSnapshot;
  setFaults(rules: readonly FaultRule[]): void;
  setQuotas(quotas: Partial<SimQuotas>): void;
  /** Replaces the API-call quota (undefined lifts it); calls already counted stay in the window. */
  setApiCallQuota(quota: { readonly limit: number; readonly windowMs: number } | undefined): void;
  /** Fixes a meter's rate: `vxnet-…`, or `<router>/vxnet-0` for a router's base side. */
  setTraffic(meterKey: string, bytesPerSecond: { in: number; out: number }): void;
  stop(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => { resolve(Buffer.concat(chunks).toString('utf8')); });
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: Record<string, unknown>): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function startQingCloudSimulator(options: SimulatorOptions = {}): Promise<QingCloudSimulator> {
  const rng = new SeededRandom(options.seed ?? 1);
  const clock = options.clock ?? realClock;
  const accessKeyId = options.accessKeyId ?? 'QYSIMACCESSKEYID0001';
  const secretAccessKey = options.secretAccessKey ?? rng.id('', 40);
  const zone = options.zone ?? 'sim1a';
  const world = new World({
    clock,
    rng,
    timings: {
      ...DEFAULT_TIMINGS,
      ...options.timings,
      jobWorkingMs: { ...DEFAULT_TIMINGS.jobWorkingMs, ...options.timings?.jobWorkingMs },
    },
    quotas: { ...DEFAULT_QUOTAS, ...options.quotas },
    maxRouterVxnets: options.maxRouterVxnets ?? 100,
  });
  if (options.monitorNoise !== undefined) world.monitorNoise = { ...options.monitorNoise };
  const faults = new FaultInjector(new SeededRandom((options.seed ?? 1) ^ 0x5eed));
  faults.set(options.faults ?? []);
  const settings = {
    accessKeyId,
    secretAccessKey,
    zone,
    maxSkewMs: options.maxSkewMs ?? 60_000,
    knownActions: new Set(Object.keys(HANDLERS)),
  };
  let records: CallRecord[] = [];
  const acceptedAt: number[] = [];
  const sockets = new Set<Socket>();

  let callQuota = options.apiCallQuota;
  function overCallQuota(now: number): boolean {
    const quota = callQuota;
    if (quota === undefined) return false;
    while (acceptedAt.length > 0 && (acceptedAt[0] ?? 0) <= now - quota.windowMs) acceptedAt.shift();
    if (acceptedAt.length >= quota.limit) return true;
    acceptedAt.push(now);
    return false;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/iaas' && url.pathname !== '/iaas/') {
      sendJson(res, 404, { ret_code: 1101, message: `InvalidAction, path [${url.pathname}] not found` });
      return;
    }
    let search: string;
    if (req.method === 'GET') search = url.search.slice(1);
    else if (req.method === 'POST') search = await readBody(req);
    else {
      sendJson(res, 405, { ret_code: 1100, message: 'MalformedRequest, only GET and POST are accepted' });
      return;
    }
    const raw = new Map(new URLSearchParams(search));
    const params = withoutEmpty(raw);
    const action = params.get('action') ?? '';
    const logged = Object.fromEntries([...params].filter(([key]) => key !== 'signature'));
    const record = (retCode: number | 'dropped'): void => {
      records.push({ action, retCode, atMs: clock.now(), params: logged });
    };
    const fault = faults.decide(action, Object.values(logged));
    if (fault.latencyMs > 0) await delay(fault.latencyMs);
    if (fault.drop === 'before') {
      record('dropped');
      req.socket.destroy();
      return;
    }
    const reply = (body: Record<string, unknown>): void => {
      const retCode = typeof body.ret_code === 'number' ? body.ret_code : 0;
      if (fault.drop === 'after') {
        record('dropped');
        req.socket.destroy();
        return;
      }
      record(retCode);
      sendJson(res, 200, { action: `${action}Response`, ...body });
    };
    const check = checkRequest(req.method, url.pathname, params, settings, clock.now());
    if (!check.ok) {
      reply({ ret_code: check.retCode, message: check.message });
      return;
    }
    if (overCallQuota(clock.now())) {
      reply({ ret_code: 2500, message: 'QuotaExceeded, api request frequency exceeded the quota, please try later' });
      return;
    }
    if (fault.error !== undefined) {
      reply({ ret_code: fault.error.retCode, message: fault.error.message });
      return;
    }
    world.tick();
    const handler = HANDLERS[action];
    if (handler === undefined) return; // checkRequest rejected unknown actions already
    try {
      reply({ ret_code: 0, ...handler({ world, params: new SimParams(params), failJob: fault.failJob }) });
    } catch (err) {
      if (err instanceof SimFailure) reply({ ret_code: err.retCode, message: err.message });
      else reply({ ret_code: 5000, message: `InternalError, ${err instanceof Error ? err.message : String(err)}` });
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 200, { ret_code: 5000, message: `InternalError, ${String(err)}` });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => { resolve(); });
  });
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}/iaas/`,
    accessKeyId,
    secretAccessKey,
    zone,
    clock,
    world,
    calls: () => [...records],
    callCounts: () => {
      const counts: Record<string, number> = {};
      for (const r of records) counts[r.action] = (counts[r.action] ?? 0) + 1;
      return counts;
    },
    resetCalls: () => {
      records = [];
    },
    state: () => {
      world.tick();
      return snapshotWorld(world);
    },
    setFaults: (rules) => { faults.set(rules); },
    setQuotas: (quotas) => {
      world.quotas = { ...world.quotas, ...quotas };
    },
    setApiCallQuota: (quota) => {
      callQuota = quota;
    },
    setTraffic: (meterKey, rate) => {
      world.traffic.set(meterKey, { ...rate });
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        for (const socket of sockets) socket.destroy();
        server.close((err) => { if (err === undefined) resolve(); else reject(err); });
      }),
  };
}
