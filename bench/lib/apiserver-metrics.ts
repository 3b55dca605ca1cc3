// Write requests as the apiserver itself counts them (apiserver_request_total by verb and resource),
// so the controller's own accounting cannot flatter it.
import type { KubeClient } from '../../src/kube/kube-client.js';

export type RequestCounts = Map<string, number>;

const WRITE_VERBS = new Set(['POST', 'PUT', 'PATCH', 'DELETE', 'APPLY', 'CREATE', 'UPDATE', 'DELETECOLLECTION']);

/** Parses `apiserver_request_total{...verb="POST",...resource="pods",...} 12` lines into verb/resource counts. */
export function parseRequestTotals(text: string): RequestCounts {
  const counts: RequestCounts = new Map();
  for (const line of text.split('\n')) {
    if (!line.startsWith('apiserver_request_total{')) continue;
    const verb = /verb="([^"]*)"/.exec(line)?.[1] ?? '';
    const resource = /[{,]resource="([^"]*)"/.exec(line)?.[1] ?? '';
    const subresource = /subresource="([^"]*)"/.exec(line)?.[1] ?? '';
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    const key = `${verb} ${resource}${subresource === '' ? '' : `/${subresource}`}`;
    counts.set(key, (counts.get(key) ?? 0) + value);
  }
  return counts;
}

export async function requestTotals(admin: KubeClient): Promise<RequestCounts> {
  return parseRequestTotals(await admin.getText('/metrics'));
}

/** Writes between two snapshots, by "VERB resource", leaving out what `exclude` names (e.g. leases). */
export function writesBetween(before: RequestCounts, after: RequestCounts, exclude: (resource: string) => boolean = () => false): { total: number; byKey: Record<string, number> } {
  const byKey: Record<string, number> = {};
  let total = 0;
  for (const [key, value] of after) {
    const [verb = '', resource = ''] = key.split(' ');
    if (!WRITE_VERBS.has(verb) || exclude(resource)) continue;
    const delta = value - (before.get(key) ?? 0);
    if (delta <= 0) continue;
    byKey[key] = delta;
    total += delta;
  }
  return { total, byKey };
}
