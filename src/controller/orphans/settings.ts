// The `orphans` section of the controller's configuration: whether the orphan sweep runs, and
// whether it only reports what it finds or removes it. Removing is opt-in: several clusters may
// share one cloud account and ownership tag, and each would take the others' resources for its
// orphans (docs/operations.md, "Orphaned provider resources").

export const ORPHAN_MODES = ['off', 'report', 'remove'] as const;
export type OrphanMode = (typeof ORPHAN_MODES)[number];

export interface OrphanSettings {
  mode: OrphanMode;
  /** Time between sweeps (the first comes one period after the controller starts leading). */
  periodSeconds: number;
  /** How long a resource must be seen orphaned before it is reported or removed. */
  graceSeconds: number;
}

export const DEFAULT_ORPHAN_SETTINGS: OrphanSettings = { mode: 'report', periodSeconds: 600, graceSeconds: 1800 };

export function orphanSettingsErrors(s: OrphanSettings): string[] {
  const errors: string[] = [];
  if (!(ORPHAN_MODES as readonly string[]).includes(s.mode)) errors.push(`orphans.mode: ${JSON.stringify(s.mode)} is not one of ${ORPHAN_MODES.join(', ')}`);
  if (!Number.isInteger(s.periodSeconds) || s.periodSeconds < 10 || s.periodSeconds > 86_400) errors.push(`orphans.periodSeconds: ${JSON.stringify(s.periodSeconds)} must be an integer from 10 to 86400`);
  if (!Number.isInteger(s.graceSeconds) || s.graceSeconds < 60 || s.graceSeconds > 604_800) errors.push(`orphans.graceSeconds: ${JSON.stringify(s.graceSeconds)} must be an integer from 60 to 604800`);
  return errors;
}
