// Runs tasks that share a key one after another (QingCloud answers 1400 "is [updating]" to a
// second mutation of a router that is still applying the first). Different keys run in parallel.

export class KeyedSerializer {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Runs `task` holding every key (sorted, so two multi-key callers cannot deadlock). */
  runAll<T>(keys: readonly string[], task: () => Promise<T>): Promise<T> {
    const sorted = [...new Set(keys)].sort();
    const nest = (index: number): Promise<T> => {
      const key = sorted[index];
      return key === undefined ? task() : this.run(key, () => nest(index + 1));
    };
    return nest(0);
  }

  /** True while a task for `key` is running or queued. */
  isBusy(key: string): boolean {
    return this.tails.has(key);
  }

  /** Keys with a task running or queued. */
  get activeKeys(): number {
    return this.tails.size;
  }
}
