// Sends one probe: `agnhost connect` (the upstream NetworkPolicy e2e probe) started inside the
// source's network namespace, a new connection each time (the enforcer lets established ones live).
import { runCommand } from '../../harness/node/node-cluster.js';
import type { PortProbe } from './expected-reachability.js';
import type { ProbeEndpoint } from './probe-pods.js';

export interface ProbeResult {
  readonly from: string;
  readonly to: string;
  readonly probe: PortProbe;
  readonly reachable: boolean;
  /** agnhost's word for a failure: TIMEOUT, REFUSED, OTHER. */
  readonly detail: string;
}

export async function probeOnce(agnhost: string, from: ProbeEndpoint, to: ProbeEndpoint, probe: PortProbe, timeoutSeconds = 1): Promise<ProbeResult> {
  const args = [`--net=${from.netns}`, '--', agnhost, 'connect', `${to.ip}:${probe.port}`, `--timeout=${timeoutSeconds}s`, `--protocol=${probe.protocol.toLowerCase()}`];
  try {
    await runCommand('nsenter', args, { timeoutMs: (timeoutSeconds + 10) * 1000 });
    return { from: from.name, to: to.name, probe, reachable: true, detail: 'OK' };
  } catch (err) {
    const text = err instanceof Error ? err.message : String(err);
    const detail = /TIMEOUT|REFUSED|OTHER/.exec(text)?.[0] ?? text.slice(0, 200);
    return { from: from.name, to: to.name, probe, reachable: false, detail };
  }
}

/** Runs probes with bounded concurrency, results in input order. */
export async function probeAll(agnhost: string, probes: readonly { from: ProbeEndpoint; to: ProbeEndpoint; probe: PortProbe }[], concurrency = 12): Promise<ProbeResult[]> {
  const results: ProbeResult[] = new Array<ProbeResult>(probes.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < probes.length) {
      const index = next;
      next += 1;
      const p = probes[index];
      if (p !== undefined) results[index] = await probeOnce(agnhost, p.from, p.to, p.probe);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, probes.length) }, worker));
  return results;
}
