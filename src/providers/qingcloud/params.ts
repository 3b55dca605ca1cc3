// Flattening of list and struct parameters into QingCloud's `name.N` / `name.N.field` form.
// Empty values are never sent: the server drops them before verifying, so a signed `key=` would
// break the signature (hostnic-cni#14).

export type ScalarParam = string | number | boolean | null | undefined;
export type StructParam = Readonly<Record<string, ScalarParam | readonly ScalarParam[]>>;
export type ParamValue = ScalarParam | readonly ScalarParam[] | readonly StructParam[];
export type ParamInput = Readonly<Record<string, ParamValue>>;

function scalarText(value: ScalarParam): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function isStruct(value: unknown): value is StructParam {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A list inside a struct item is comma-joined, as the Go SDK does. */
function structFieldText(value: ScalarParam | readonly ScalarParam[]): string | undefined {
  if (!Array.isArray(value)) return scalarText(value as ScalarParam);
  const parts = value.map(scalarText).filter((part): part is string => part !== undefined);
  return parts.length === 0 ? undefined : parts.join(',');
}

/**
 * `{ routers: ['a','b'], pairs: [{ tag_id: 't' }] }` → `{ 'routers.1': 'a', 'routers.2': 'b',
 * 'pairs.1.tag_id': 't' }`. Indexes are 1-based and count only the items actually sent.
 */
export function flattenParams(input: ParamInput): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(input)) {
    if (!Array.isArray(value)) {
      const text = scalarText(value as ScalarParam);
      if (text !== undefined) out[name] = text;
      continue;
    }
    let index = 0;
    for (const item of value as readonly unknown[]) {
      if (isStruct(item)) {
        const fields = Object.entries(item)
          .map(([field, fieldValue]) => [field, structFieldText(fieldValue)] as const)
          .filter((entry): entry is readonly [string, string] => entry[1] !== undefined);
        if (fields.length === 0) continue;
        index += 1;
        for (const [field, text] of fields) out[`${name}.${index}.${field}`] = text;
      } else {
        const text = scalarText(item as ScalarParam);
        if (text === undefined) continue;
        index += 1;
        out[`${name}.${index}`] = text;
      }
    }
  }
  return out;
}
