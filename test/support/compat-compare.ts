// Pure: two versions' outcome tables of one suite (test/support/compat-table.ts) as one side-by-side
// table, and how many rows differ in verdict or are missing from one side.
export interface CompatTable {
  readonly suite: string;
  readonly version: string;
  readonly rows: readonly { readonly name: string; readonly verdict: string }[];
}

export function compareTables(a: CompatTable, b: CompatTable): { readonly text: string; readonly differences: number } {
  const names = [...new Set([...a.rows.map((r) => r.name), ...b.rows.map((r) => r.name)])];
  const verdict = (t: CompatTable, name: string): string => t.rows.find((r) => r.name === name)?.verdict ?? '(missing)';
  const width = Math.max(10, ...names.map((n) => n.length));
  const column = Math.max(12, a.version.length);
  let differences = 0;
  const lines = names.map((name) => {
    const [x, y] = [verdict(a, name), verdict(b, name)];
    const same = x === y;
    if (!same) differences += 1;
    return `${same ? ' ' : '!'} ${name.padEnd(width)}  ${x.padEnd(column)}  ${y}`;
  });
  const header = `  ${`${a.suite}: ${names.length} rows`.padEnd(width)}  ${a.version.padEnd(column)}  ${b.version}`;
  return { text: [header, ...lines, `  ${differences === 0 ? 'same on both' : `${differences} row(s) differ`}`].join('\n'), differences };
}
