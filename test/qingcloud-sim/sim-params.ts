// Read access to a request's decoded parameters, answering 1100 for missing or malformed ones.

export class SimFailure extends Error {
  readonly retCode: number;

  constructor(retCode: number, message: string) {
    super(message);
    this.name = 'SimFailure';
    this.retCode = retCode;
  }
}

export const fail = (retCode: number, message: string): SimFailure => new SimFailure(retCode, message);

function numericSuffix(key: string, prefix: string): number | undefined {
  if (!key.startsWith(`${prefix}.`)) return undefined;
  const rest = key.slice(prefix.length + 1);
  const dot = rest.indexOf('.');
  const index = Number(dot === -1 ? rest : rest.slice(0, dot));
  return Number.isInteger(index) && index >= 1 ? index : undefined;
}

export class SimParams {
  readonly raw: ReadonlyMap<string, string>;

  constructor(raw: ReadonlyMap<string, string>) {
    this.raw = raw;
  }

  str(key: string): string | undefined {
    return this.raw.get(key);
  }

  required(key: string): string {
    const value = this.raw.get(key);
    if (value === undefined) throw fail(1100, `MissingParameter, the parameter [${key}] is required`);
    return value;
  }

  int(key: string, fallback: number): number {
    const value = this.raw.get(key);
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (!Number.isInteger(parsed)) throw fail(1100, `InvalidParameter, the parameter [${key}] should be an integer`);
    return parsed;
  }

  /** Values of `prefix.1`, `prefix.2`, … in index order. */
  list(prefix: string): string[] {
    const entries: [number, string][] = [];
    for (const [key, value] of this.raw) {
      const index = numericSuffix(key, prefix);
      if (index !== undefined && key === `${prefix}.${index}`) entries.push([index, value]);
    }
    return entries.sort((a, b) => a[0] - b[0]).map(([, value]) => value);
  }

  /** Items of `prefix.N.field` grouped by N, in index order. */
  structList(prefix: string): Record<string, string>[] {
    const items = new Map<number, Record<string, string>>();
    for (const [key, value] of this.raw) {
      const index = numericSuffix(key, prefix);
      if (index === undefined) continue;
      const field = key.slice(`${prefix}.${index}.`.length);
      if (!key.startsWith(`${prefix}.${index}.`) || field === '') continue;
      const item = items.get(index) ?? {};
      item[field] = value;
      items.set(index, item);
    }
    return [...items.entries()].sort((a, b) => a[0] - b[0]).map(([, item]) => item);
  }

  /** offset/limit as the API treats them: limit defaults to 20 and is capped at 100. */
  page(): { offset: number; limit: number } {
    const offset = this.int('offset', 0);
    const limit = this.int('limit', 20);
    if (offset < 0) throw fail(1100, 'InvalidParameter, offset should be >= 0');
    return { offset, limit: limit <= 0 ? 20 : Math.min(limit, 100) };
  }
}

export function paginate<T>(items: readonly T[], params: SimParams): { items: T[]; total_count: number } {
  const { offset, limit } = params.page();
  return { items: items.slice(offset, offset + limit), total_count: items.length };
}
