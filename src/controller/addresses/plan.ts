// Which ProjectNetworks need a status.usedAddresses write after a sampling round: those whose figure
// differs from what their status shows. An absent figure counts as 0, so the many projects with no
// pod yet cost no write at all (the API reference says absent means none in use, or not known).
// Pure.
import type { AddressUsage } from '../../providers/contract.js';

export interface UsageWrite {
  readonly project: string;
  readonly used: number;
}

/** `recorded`: project → status.usedAddresses as cached (undefined when never written). */
export function planUsageWrites(usage: readonly AddressUsage[], recorded: ReadonlyMap<string, number | undefined>): UsageWrite[] {
  return usage.flatMap((u) => {
    const name = u.subnet.project;
    if (!recorded.has(name) || (recorded.get(name) ?? 0) === u.used) return [];
    return [{ project: name, used: u.used }];
  });
}
