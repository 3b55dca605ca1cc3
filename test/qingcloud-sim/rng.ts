// Seedable pseudo-random numbers (mulberry32) so ids and injected faults repeat run to run.

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** `prefix` + `length` characters of [a-z0-9], like QingCloud ids (`rtr-s5nqo8mr`). */
  id(prefix: string, length: number): string {
    let out = prefix;
    for (let i = 0; i < length; i += 1) out += ID_ALPHABET[this.int(ID_ALPHABET.length)] ?? 'x';
    return out;
  }
}

/** Stable 32-bit hash (FNV-1a) for values that must not depend on call order. */
export function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}
