// hostnic's namespace → block mapping, `data.ipam` of the ConfigMap kube-system/hostnic-ipam-config:
// JSON `{"Default": ["vxnet-…"], "<namespace>": ["<block>", …]}`. The controller owns the entries of
// its projects' namespaces and nothing else (Default and other namespaces are the admin's), and,
// unless the admin prefers hostnic's own mapping, `data.subnet-auto-assign: "off"`. Pure: parse,
// change, render; the registrar does the read-modify-write.

export const IPAM_KEY = 'ipam';
export const AUTO_ASSIGN_KEY = 'subnet-auto-assign';

export type IpamMapping = Readonly<Record<string, readonly string[]>>;

export type ParsedIpam = { readonly ok: true; readonly mapping: IpamMapping } | { readonly ok: false; readonly message: string };

export function parseIpam(text: string | undefined): ParsedIpam {
  if (text === undefined || text.trim() === '') return { ok: true, mapping: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, message: `data.${IPAM_KEY} is not JSON: ${String(err)}` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, message: `data.${IPAM_KEY} is not a JSON object` };
  const mapping: Record<string, string[]> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (!Array.isArray(entry) || !entry.every((x) => typeof x === 'string')) return { ok: false, message: `data.${IPAM_KEY}["${key}"] is not a list of strings` };
    mapping[key] = entry;
  }
  return { ok: true, mapping };
}

/** Compact JSON, keys in their existing order (new ones last): a change is a small diff. */
export function renderIpam(mapping: IpamMapping): string {
  return JSON.stringify(mapping);
}

export interface MappingChange {
  /** Namespace → its blocks (replaces what it had). */
  readonly map: ReadonlyMap<string, readonly string[]>;
  /** Namespaces whose entry goes. */
  readonly unmap: ReadonlySet<string>;
}

const sameList = (a: readonly string[] | undefined, b: readonly string[]): boolean => a !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);

/** The mapping after the change, and whether anything differs (no write when nothing does). */
export function applyMappingChange(mapping: IpamMapping, change: MappingChange): { readonly mapping: IpamMapping; readonly changed: boolean } {
  const next: Record<string, readonly string[]> = {};
  let changed = false;
  for (const [ns, blocks] of Object.entries(mapping)) {
    if (change.unmap.has(ns) && !change.map.has(ns)) {
      changed = true;
      continue;
    }
    const wanted = change.map.get(ns);
    if (wanted !== undefined && !sameList(blocks, wanted)) changed = true;
    next[ns] = wanted ?? blocks;
  }
  for (const [ns, blocks] of change.map) {
    if (ns in next) continue;
    next[ns] = blocks;
    changed = true;
  }
  return { mapping: next, changed };
}

/** Whether `namespace` is mapped to exactly `blocks` (in any order). */
export function mappedTo(mapping: IpamMapping, namespace: string, blocks: readonly string[]): boolean {
  const entry = mapping[namespace];
  return entry !== undefined && sameList([...entry].sort(), [...blocks].sort());
}
