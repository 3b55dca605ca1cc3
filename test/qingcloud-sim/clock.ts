// The simulator's notion of time. Jobs, lease windows and time_stamp checks all read it, so a test
// can either use real time with short durations or a manual clock it advances itself.

export interface SimClock {
  /** Unix milliseconds. */
  now(): number;
}

export const realClock: SimClock = { now: () => Date.now() };

export class ManualClock implements SimClock {
  private current: number;

  constructor(startMs: number = Date.UTC(2025, 0, 1)) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  advance(ms: number): void {
    this.current += ms;
  }

  set(ms: number): void {
    this.current = ms;
  }
}

/** `YYYY-MM-DDThh:mm:ssZ`, the API's timestamp format. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
