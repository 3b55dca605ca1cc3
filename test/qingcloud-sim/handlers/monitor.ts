// GetMonitor for routers: one meter `vxnet-0` (the router's base-network side) and one per joined
// vxnet, each a compressed series of `[in, out]` bytes/s. Values and gaps derive from a stable hash
// of (meter, time), so the same query always gets the same answer.

import { stableHash } from '../rng.js';
import { fail } from '../sim-params.js';
import type { World } from '../world.js';
import type { Handler } from './context.js';

const STEPS: Readonly<Record<string, number>> = { '5m': 300, '15m': 900, '30m': 1800, '1h': 3600, '2h': 7200, '1d': 86_400 };
const MAX_POINTS = 5000;

function parseTime(text: string, key: string): number {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw fail(1100, `InvalidParameter, ${key} [${text}] is not an ISO8601 time`);
  return Math.floor(ms / 1000);
}

function rate(world: World, routerId: string, meterId: string, time: number): [number, number] {
  const fixed = world.traffic.get(meterId === 'vxnet-0' ? `${routerId}/vxnet-0` : meterId);
  if (fixed !== undefined) return [fixed.in, fixed.out];
  const base = stableHash(`${routerId}/${meterId}`);
  const wobble = stableHash(`${meterId}@${time}`) % 500;
  return [1000 + (base % 9000) + wobble, 500 + ((base >>> 8) % 4000) + wobble];
}

/** Encodes samples the way the API compresses them. */
export function compressSeries(samples: readonly { time: number; value: [number, number] | 'NA' }[], step: number): unknown[] {
  const out: unknown[] = [];
  let previous: number | undefined;
  for (const sample of samples) {
    if (previous === undefined) {
      if (sample.value === 'NA') continue; // t0 is the first valid sample
      out.push([sample.time, sample.value]);
    } else if (sample.time - previous !== step) {
      out.push([sample.time - previous, sample.value === 'NA' ? ['NA', 'NA'] : sample.value]);
    } else {
      out.push(sample.value);
    }
    previous = sample.time;
  }
  return out;
}

export const getMonitor: Handler = ({ world, params }) => {
  const routerId = params.required('resource');
  const router = world.router(routerId);
  const stepName = params.required('step');
  const step = STEPS[stepName];
  if (step === undefined) throw fail(1100, `InvalidParameter, step [${stepName}] should be one of ${Object.keys(STEPS).join(', ')}`);
  const start = parseTime(params.required('start_time'), 'start_time');
  const end = parseTime(params.required('end_time'), 'end_time');
  if (end < start) throw fail(1100, 'InvalidParameter, end_time is before start_time');
  if ((end - start) / step > MAX_POINTS) throw fail(1100, `InvalidParameter, too many data points, use a larger step`);
  const joined = world.routerVxnets(routerId, false);
  const available = new Map<string, number>([
    ['vxnet-0', Math.floor(router.createdAtMs / 1000)],
    ...joined.map((v) => [v.vxnet_id, Math.floor((v.join?.joinedAtMs ?? 0) / 1000)] as [string, number]),
  ]);
  const requested = params.list('meters');
  const meters = requested.length === 0 ? [...available.keys()] : requested.filter((m) => available.has(m));
  const nowSeconds = Math.floor(world.now() / 1000);
  const { naRate, gapRate } = world.monitorNoise;
  const meterSet = meters.map((meterId) => {
    const since = Math.max(start, available.get(meterId) ?? start);
    const samples: { time: number; value: [number, number] | 'NA' }[] = [];
    for (let time = Math.ceil(since / step) * step; time <= Math.min(end, nowSeconds); time += step) {
      const roll = (stableHash(`${routerId}/${meterId}#${time}`) % 10_000) / 10_000;
      if (roll < gapRate) continue;
      samples.push({ time, value: roll < gapRate + naRate ? 'NA' : rate(world, routerId, meterId, time) });
    }
    return {
      meter_id: meterId,
      ...(meterId === 'vxnet-0' ? {} : { vxnet_id: meterId }),
      data: compressSeries(samples, step),
    };
  });
  return { resource_id: routerId, meter_set: meterSet };
};
