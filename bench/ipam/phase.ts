// Times one phase of a micro-benchmark: wall time of a synchronous body, as operations per second.
export interface PhaseResult {
  readonly operations: number;
  readonly seconds: number;
  readonly opsPerSecond: number;
}

export function measurePhase(body: () => void, operations: number): PhaseResult {
  const started = performance.now();
  body();
  const seconds = (performance.now() - started) / 1000;
  return { operations, seconds: Math.round(seconds * 1000) / 1000, opsPerSecond: Math.round(operations / Math.max(seconds, 1e-6)) };
}
