// Compares what the NetworkPolicies in the apiserver allow (the test evaluator) with what
// docs/connectivity.md says must be allowed (the oracle), cell by cell, for pods in the given
// namespaces.
import type { V1NetworkPolicy } from '@kubernetes/client-node';
import type { KubeClient, KubeObject } from '../../../src/kube/kube-client.js';
import { CORE } from '../../../src/kube/resource.js';
import { isAllowed, type ConnectivityInput } from '../../../src/policy/index.js';
import { createEvaluator } from '../netpol/index.js';

export interface Cell {
  readonly from: string;
  readonly to: string;
  readonly port: number;
  /** What the policies in the cluster allow. */
  readonly actual: boolean;
  /** What the oracle says. */
  readonly expected: boolean;
}

export interface OracleDiff {
  readonly cells: number;
  /** Cells where policies and oracle disagree and `tolerate` did not excuse it. */
  readonly mismatches: readonly string[];
}

/**
 * `tolerate` excuses a disagreement the design accepts (a tenant's own policy widening what reaches
 * or leaves their own project); everything else is a mismatch.
 */
export async function diffAgainstOracle(admin: KubeClient, input: ConnectivityInput, names: readonly string[], ports: readonly number[], tolerate: (cell: Cell) => boolean = () => false): Promise<OracleDiff> {
  const namespaces = (await admin.list<KubeObject>(CORE.namespaces)).items.map((n) => ({ name: n.metadata?.name ?? '', labels: n.metadata?.labels ?? {} }));
  const policies = (await admin.list<KubeObject>(CORE.networkPolicies)).items as unknown as V1NetworkPolicy[];
  const result = createEvaluator({ namespaces, policies });
  if (!result.ok) return { cells: 0, mismatches: [`policies the evaluator rejects: ${result.problems.join('; ')}`] };
  const mismatches: string[] = [];
  let cells = 0;
  for (const from of names) {
    for (const to of names) {
      for (const port of ports) {
        cells += 1;
        const verdict = result.evaluator.evaluate({ kind: 'pod', namespace: from, labels: {} }, { kind: 'pod', namespace: to, labels: {} }, { protocol: 'TCP', port });
        if (verdict.kind !== 'decided') {
          mismatches.push(`${from}->${to}:${port} undecided: ${verdict.reason}`);
          continue;
        }
        const expected = isAllowed(input, { namespace: from }, { namespace: to }, { protocol: 'TCP', port });
        const cell: Cell = { from, to, port, actual: verdict.allowed, expected };
        if (verdict.allowed !== expected && !tolerate(cell)) mismatches.push(`${from}->${to}:${port} allowed=${String(verdict.allowed)}, oracle says ${String(expected)}`);
      }
    }
  }
  return { cells, mismatches };
}
