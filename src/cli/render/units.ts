// Rates and ages for tables: decimal units as network tools print them, and kubectl-style ages.

const RATE_UNITS = ['B/s', 'kB/s', 'MB/s', 'GB/s', 'TB/s'] as const;

/** `0 B/s`, `950 B/s`, `1.2 kB/s`, `34 MB/s`: three significant figures at most. */
export function formatRate(bytesPerSecond: number): string {
  let value = bytesPerSecond;
  let unit = 0;
  while (value >= 1000 && unit < RATE_UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  const text = unit === 0 || value >= 100 ? Math.round(value).toString() : value >= 10 ? value.toFixed(1).replace(/\.0$/, '') : value.toFixed(2).replace(/\.?0+$/, '');
  return `${text} ${RATE_UNITS[unit] ?? ''}`;
}

/** `45s`, `12m`, `5h`, `3d`, as kubectl's AGE column. */
export function formatAge(seconds: number): string {
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 120 * 60) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 48 * 3600) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86400)}d`;
}
