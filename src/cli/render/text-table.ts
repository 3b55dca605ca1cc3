// Aligned columns like kubectl's: upper-case headers, two spaces between columns, no borders.
// Cells may carry ANSI colour; widths count visible characters only.
import { visibleLength } from './style.js';

export interface TableOptions {
  readonly indent?: string;
  /** Columns aligned to the right (numbers). */
  readonly rightAligned?: readonly number[];
}

export function textTable(headers: readonly string[], rows: readonly (readonly string[])[], options: TableOptions = {}): string {
  const all = [headers, ...rows];
  const widths = headers.map((_, col) => Math.max(...all.map((row) => visibleLength(row[col] ?? ''))));
  const right = new Set(options.rightAligned ?? []);
  const line = (row: readonly string[]): string =>
    `${options.indent ?? ''}${row
      .map((cell, col) => {
        const pad = ' '.repeat(Math.max(0, (widths[col] ?? 0) - visibleLength(cell)));
        return right.has(col) ? pad + cell : col === row.length - 1 ? cell : cell + pad;
      })
      .join('  ')}`.trimEnd();
  return all.map(line).join('\n');
}
