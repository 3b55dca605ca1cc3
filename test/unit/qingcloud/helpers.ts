// Shared set-up for tests that run the client against the simulator with millisecond timings.

import { QingCloudApi } from '../../../src/providers/qingcloud/api.js';
import { QingCloudClient, type QingCloudClientOptions } from '../../../src/providers/qingcloud/client.js';
import { startQingCloudSimulator, type QingCloudSimulator, type SimulatorOptions } from '../../qingcloud-sim/server.js';

export const FAST_TIMINGS = {
  jobPendingMs: 5,
  jobWorkingMs: { CreateRouters: 30, DeleteRouters: 20, JoinRouter: 20, LeaveRouter: 20 },
  leaseWindowMs: 0,
  ceaseAfterMs: 200,
  forgetAfterMs: 400,
};

export function startFastSimulator(options: SimulatorOptions = {}): Promise<QingCloudSimulator> {
  return startQingCloudSimulator({ seed: 42, ...options, timings: { ...FAST_TIMINGS, ...options.timings } });
}

export function clientFor(sim: QingCloudSimulator, options: Partial<QingCloudClientOptions> = {}): QingCloudClient {
  return new QingCloudClient({
    endpoint: sim.endpoint,
    zone: sim.zone,
    credentials: { accessKeyId: sim.accessKeyId, secretAccessKey: sim.secretAccessKey },
    backoff: { baseDelayMs: 2, maxDelayMs: 10 },
    budget: { callsPerHour: 1e9, burst: 1000, concurrency: 16 },
    timeoutMs: 5000,
    ...options,
  });
}

export function apiFor(sim: QingCloudSimulator, options: Partial<QingCloudClientOptions> = {}): QingCloudApi {
  return new QingCloudApi(clientFor(sim, options), { jobs: { intervalMs: 10, timeoutMs: 10_000 } });
}

/** Calls the simulator answered with the given ret_code. */
export function answered(sim: QingCloudSimulator, retCode: number, action?: string): number {
  return sim.calls().filter((c) => c.retCode === retCode && (action === undefined || c.action === action)).length;
}
