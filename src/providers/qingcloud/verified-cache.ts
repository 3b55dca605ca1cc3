// What the provider verified or created itself, remembered for a short time so the follow-up
// reconciles a status write triggers cost no API calls. Only ready states go in; any failure or
// delete of the resource drops its entry, and an entry older than the TTL is looked up again.

export class VerifiedCache<V> {
  private readonly ttlMs: number;
  private readonly now: () => number;
  private readonly entries = new Map<string, { readonly value: V; readonly at: number }>();

  constructor(ttlMs: number, now: () => number = Date.now) {
    this.ttlMs = ttlMs;
    this.now = now;
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (this.now() - entry.at >= this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: V): void {
    if (this.ttlMs > 0) this.entries.set(key, { value, at: this.now() });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}
