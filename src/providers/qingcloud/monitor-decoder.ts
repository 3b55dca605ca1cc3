// Decoder for GetMonitor's compressed series. The first element is `[t0, v]`; after it each element
// is `v` (previous time + step), `[dt, v]` (previous time + dt seconds) or "NA" (missing, + step).
// `v` is a number or, for traffic meters, `[in, out]`. Hence the ambiguity: in a list-valued series
// `[a, b]` is a value unless b is itself a list; in a scalar series any pair is an offset.

export type MonitorValue = number | readonly number[];

export interface MonitorPoint {
  /** Unix seconds. */
  readonly time: number;
  /** Null where the series says "NA". */
  readonly value: MonitorValue | null;
}

export type DecodeResult = { readonly ok: true; readonly points: MonitorPoint[] } | { readonly ok: false; readonly error: string };

const NA = 'NA';

function asValue(raw: unknown): MonitorValue | null | undefined {
  if (raw === NA) return null;
  if (typeof raw === 'number' && Number.isFinite(raw)) return raw;
  if (Array.isArray(raw) && raw.length > 0) {
    if (raw.some((part) => part === NA)) return null;
    if (raw.every((part): part is number => typeof part === 'number' && Number.isFinite(part))) return raw;
  }
  return undefined;
}

export function decodeMonitorSeries(data: readonly unknown[], stepSeconds: number): DecodeResult {
  if (data.length === 0) return { ok: true, points: [] };
  if (!(stepSeconds > 0)) return { ok: false, error: `invalid step ${stepSeconds}` };
  const first: unknown = data[0];
  if (!Array.isArray(first) || first.length !== 2 || typeof first[0] !== 'number') {
    return { ok: false, error: 'first element must be [timestamp, value]' };
  }
  const firstValue = asValue(first[1]);
  if (firstValue === undefined) return { ok: false, error: 'first element has an invalid value' };
  // The series' shape comes from its first value, as in the PY SDK's decoder.
  const listValued = Array.isArray(first[1]);
  let time: number = first[0];
  const points: MonitorPoint[] = [{ time, value: firstValue }];
  for (let index = 1; index < data.length; index += 1) {
    const item: unknown = data[index];
    const isOffset =
      Array.isArray(item) && item.length === 2 && typeof item[0] === 'number' && (!listValued || Array.isArray(item[1]));
    let value: MonitorValue | null | undefined;
    if (isOffset) {
      time += item[0] as number;
      value = asValue(item[1]);
    } else {
      time += stepSeconds;
      value = asValue(item);
    }
    if (value === undefined) return { ok: false, error: `element ${index} is not a value, offset pair or "NA"` };
    points.push({ time, value });
  }
  return { ok: true, points };
}

/** Step names GetMonitor accepts, in seconds. */
export const MONITOR_STEPS: Readonly<Record<string, number>> = {
  '5m': 300,
  '15m': 900,
  '30m': 1800,
  '1h': 3600,
  '2h': 7200,
  '1d': 86_400,
};
