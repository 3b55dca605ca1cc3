// Collects the keys that concurrent callers ask about for a short window and looks them all up
// together (one DescribeVxnets for many ids instead of one each). Every caller of a batch gets the
// batch's failure, since it shares the one call. A caller whose signal aborts stops waiting at
// once; the shared call still answers the others.

import { abortReason } from '../../util/backoff.js';

export interface BatchLoaderOptions {
  /** How long the first key waits for company; default 20 ms. */
  readonly windowMs?: number;
  /** Keys per lookup; a full batch goes at once. Default 100 (the API's page size). */
  readonly maxKeys?: number;
}

/** Looks up many keys at once; keys absent from the answer resolve as undefined. */
export type BatchLookup<K, V> = (keys: readonly K[]) => Promise<ReadonlyMap<K, V>>;

interface Waiting<V> {
  readonly resolve: (value: V | undefined) => void;
  readonly reject: (err: unknown) => void;
}

export class BatchLoader<K, V> {
  private readonly lookup: BatchLookup<K, V>;
  private readonly windowMs: number;
  private readonly maxKeys: number;
  private pending = new Map<K, Waiting<V>[]>();
  private timer: NodeJS.Timeout | undefined;

  constructor(lookup: BatchLookup<K, V>, options: BatchLoaderOptions = {}) {
    this.lookup = lookup;
    this.windowMs = options.windowMs ?? 20;
    this.maxKeys = Math.max(1, options.maxKeys ?? 100);
  }

  load(key: K, signal?: AbortSignal): Promise<V | undefined> {
    return new Promise<V | undefined>((resolve, reject) => {
      if (signal?.aborted === true) {
        reject(abortReason(signal));
        return;
      }
      const onAbort = (): void => { reject(abortReason(signal)); };
      signal?.addEventListener('abort', onAbort, { once: true });
      const detach = (): void => signal?.removeEventListener('abort', onAbort);
      const waiting = this.pending.get(key) ?? [];
      waiting.push({
        resolve: (value) => { detach(); resolve(value); },
        reject: (err) => {
          detach();
          reject(err instanceof Error ? err : new Error(String(err)));
        },
      });
      this.pending.set(key, waiting);
      if (this.pending.size >= this.maxKeys) this.flush();
      else this.timer ??= setTimeout(() => { this.flush(); }, this.windowMs);
    });
  }

  private flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = new Map();
    if (batch.size > 0) void this.deliver(batch);
  }

  private async deliver(batch: ReadonlyMap<K, readonly Waiting<V>[]>): Promise<void> {
    let found: ReadonlyMap<K, V>;
    try {
      found = await this.lookup([...batch.keys()]);
    } catch (err) {
      for (const waiting of batch.values()) for (const w of waiting) w.reject(err);
      return;
    }
    for (const [key, waiting] of batch) for (const w of waiting) w.resolve(found.get(key));
  }
}
