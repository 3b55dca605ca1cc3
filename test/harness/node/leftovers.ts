// What a test node could leave on the host if tear-down failed: its processes (by cgroup), network
// namespaces, host-side links, cgroups, mounts of its run directories, and iptables chains or ipsets
// of the node's programs in the host's own tables (there should never be any: they run in the node's
// namespace). The tests and `make node-down` hold tear-down to an empty list.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cgroupHierarchies } from './node-host.js';
import { slotOfName } from './node-plan.js';

function output(command: string, args: readonly string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return '';
  }
}

/** Leftovers of every slot, or of one; each a line naming what and where. */
export function findLeftovers(slot?: number): string[] {
  const ours = (name: string): boolean => {
    const s = slotOfName(name);
    return s !== undefined && (slot === undefined || s === slot);
  };
  const found: string[] = [];
  for (const netns of existsSync('/run/netns') ? readdirSync('/run/netns') : []) {
    if (ours(netns)) found.push(`network namespace ${netns}`);
  }
  for (const line of output('ip', ['-o', 'link', 'show']).split('\n')) {
    const name = /^\d+:\s+([^:@]+)/.exec(line)?.[1];
    if (name !== undefined && ours(name)) found.push(`link ${name}`);
  }
  for (const hierarchy of cgroupHierarchies()) {
    for (const name of readdirSync(hierarchy)) {
      if (ours(name)) found.push(`cgroup ${join(hierarchy, name)}`);
    }
  }
  for (const line of readFileSync('/proc/mounts', 'utf8').split('\n')) {
    if (/\/tnc-node-|\/\.local\/node\//.test(line)) found.push(`mount ${line.split(' ').slice(0, 3).join(' ')}`);
  }
  // Only meaningful for all slots: the host's tables are shared.
  if (slot === undefined) {
    for (const chain of output('iptables-save', []).split('\n').filter((l) => /^:(KUBE-ROUTER|KUBE-POD-FW|KUBE-NWPLCY|KUBE-FIREWALL|KUBE-SERVICES|KUBE-KUBELET)/.test(l))) {
      found.push(`iptables chain ${chain.split(' ')[0]?.slice(1) ?? chain}`);
    }
    for (const set of output('ipset', ['list', '-n']).split('\n').filter((l) => /^(KUBE-|kube-router)/.test(l))) found.push(`ipset ${set}`);
  }
  return found;
}
