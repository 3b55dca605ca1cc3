// Collects items from concurrent callers for a short window and sends them in one API call (e.g.
// AttachTags takes up to 100 resource/tag pairs). If a shared call fails terminally, the items are
// re-sent one batch per caller so one bad item cannot fail everybody else's.

export interface BatcherOptions {
  /** How long the first item waits for company; default 25 ms. */
  readonly windowMs?: number;
  /** Items per call; default 100. */
  readonly maxItems?: number;
}

interface Pending<T> {
  readonly items: readonly T[];
  readonly resolve: () => void;
  readonly reject: (err: unknown) => void;
}

function isRetryable(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'retryable' in err && err.retryable === true;
}

export class Batcher<T> {
  private readonly send: (items: readonly T[]) => Promise<void>;
  private readonly windowMs: number;
  private readonly maxItems: number;
  private queue: Pending<T>[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(send: (items: readonly T[]) => Promise<void>, options: BatcherOptions = {}) {
    this.send = send;
    this.windowMs = options.windowMs ?? 25;
    this.maxItems = options.maxItems ?? 100;
  }

  /** Resolves once the call carrying these items succeeded. */
  add(items: readonly T[]): Promise<void> {
    if (items.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ items, resolve, reject });
      if (this.queue.reduce((n, p) => n + p.items.length, 0) >= this.maxItems) this.flushNow();
      else this.timer ??= setTimeout(() => { this.flushNow(); }, this.windowMs);
    });
  }

  private flushNow(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const taken = this.queue;
    this.queue = [];
    let group: Pending<T>[] = [];
    let size = 0;
    for (const pending of taken) {
      if (size > 0 && size + pending.items.length > this.maxItems) {
        void this.deliver(group);
        group = [];
        size = 0;
      }
      group.push(pending);
      size += pending.items.length;
    }
    if (group.length > 0) void this.deliver(group);
  }

  private async deliver(group: readonly Pending<T>[]): Promise<void> {
    try {
      await this.send(group.flatMap((p) => p.items));
      for (const p of group) p.resolve();
    } catch (err) {
      if (group.length === 1 || isRetryable(err)) {
        for (const p of group) p.reject(err);
        return;
      }
      await Promise.all(
        group.map(async (p) => {
          try {
            await this.send(p.items);
            p.resolve();
          } catch (single) {
            p.reject(single);
          }
        }),
      );
    }
  }
}
