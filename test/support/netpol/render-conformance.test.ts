// The rendered NetworkPolicies, read with Kubernetes semantics by the evaluator, must allow exactly
// what the oracle (docs/connectivity.md) allows: every pair of pods and outside addresses, on every
// port edge.
import { describe, expect, it } from '@jest/globals';
import type { V1NetworkPolicy } from '@kubernetes/client-node';
import fc from 'fast-check';
import type { Endpoint } from '../../../src/policy/index.js';
import { connectivityMatrix, isAllowed, renderProjectPolicies } from '../../../src/policy/index.js';
import { createEvaluator } from './evaluator.js';
import type { Topology } from './random-topology.js';
import { OUTSIDE_ADDRESSES, topologyArbitrary } from './random-topology.js';
import type { TrafficEndpoint } from './types.js';

const RUNS = 500;

/**
 * The evaluator reads client-node's type and plain wire JSON alike (policy-shape.ts); the renderer
 * writes wire JSON, so its objects are handed over as they are, or as they come back from the API.
 */
const throughJson = (policy: V1NetworkPolicy) => JSON.parse(JSON.stringify(policy)) as V1NetworkPolicy;

const modelEndpoint = (e: TrafficEndpoint): Endpoint => (e.kind === 'pod' ? { namespace: e.namespace } : { ip: e.ip });
const describeEndpoint = (e: TrafficEndpoint) => (e.kind === 'pod' ? `pod in ${e.namespace} (${e.ip ?? '-'})` : e.ip);

function renderAll(topology: Topology): V1NetworkPolicy[] {
  return topology.namespaces.flatMap((ns) => renderProjectPolicies(topology.input, ns.name));
}

interface Tally {
  allowed: number;
  denied: number;
}

/** Compares every cell; counts them, throws on the first disagreement with its context. */
function compareWithOracle(topology: Topology, policies: readonly V1NetworkPolicy[], tally: Tally = { allowed: 0, denied: 0 }): Tally {
  const result = createEvaluator({ namespaces: topology.namespaces, policies });
  if (!result.ok) throw new Error(`rendered policies are invalid:\n${result.problems.join('\n')}`);
  const endpoints: TrafficEndpoint[] = [...topology.pods, ...OUTSIDE_ADDRESSES.map((ip) => ({ kind: 'external' as const, ip }))];
  for (const from of endpoints) {
    for (const to of endpoints) {
      for (const flow of topology.flows) {
        const verdict = result.evaluator.evaluate(from, to, flow);
        if (verdict.kind !== 'decided') throw new Error(verdict.reason);
        const expected = isAllowed(topology.input, modelEndpoint(from), modelEndpoint(to), flow);
        if (verdict.allowed !== expected) {
          throw new Error(
            `${describeEndpoint(from)} → ${describeEndpoint(to)} ${flow.protocol}/${flow.port}: oracle ${expected}, policies ${verdict.allowed}\n` +
              `verdict: ${JSON.stringify(verdict)}\ninput: ${JSON.stringify(topology.input)}`,
          );
        }
        if (expected) tally.allowed++;
        else tally.denied++;
      }
    }
  }
  return tally;
}

describe('rendered policies conform to the connectivity oracle', () => {
  it(`agree cell for cell on random topologies (${RUNS} runs)`, () => {
    const tally: Tally = { allowed: 0, denied: 0 };
    let policiesSeen = 0;
    fc.assert(
      fc.property(topologyArbitrary, fc.boolean(), (topology, asWire) => {
        const rendered = renderAll(topology);
        compareWithOracle(topology, asWire ? rendered.map(throughJson) : rendered, tally);
        policiesSeen += rendered.length;
      }),
      { numRuns: RUNS },
    );
    // Guard against a vacuous run: many cells of both outcomes, and many policies, were compared.
    expect(tally.allowed).toBeGreaterThan(RUNS * 50);
    expect(tally.denied).toBeGreaterThan(RUNS * 50);
    expect(policiesSeen).toBeGreaterThan(RUNS);
  });

  it(`show in the matrix exactly the ports the oracle allows (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(topologyArbitrary, (topology) => {
        const matrix = connectivityMatrix(topology.input, topology.namespaces.map((ns) => ns.name));
        for (const cell of matrix.cells) {
          for (const flow of topology.flows) {
            const shown = cell.allowance.kind === 'all' || (cell.allowance.kind === 'ports' && cell.allowance.ports.some((p) => p.protocol === flow.protocol && p.port <= flow.port && flow.port <= (p.endPort ?? p.port)));
            // A plain check: expect() in this innermost loop would dominate the run time.
            if (shown !== isAllowed(topology.input, { namespace: cell.from }, { namespace: cell.to }, flow)) {
              throw new Error(`${cell.from} → ${cell.to} ${flow.protocol}/${flow.port}: matrix ${JSON.stringify(cell.allowance)}`);
            }
          }
          if ((cell.allowance.kind !== 'none') !== isAllowed(topology.input, { namespace: cell.from }, { namespace: cell.to })) {
            throw new Error(`${cell.from} → ${cell.to}: matrix ${cell.allowance.kind}`);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  it(`render at most two objects per project, all in its namespace, and nothing elsewhere (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(topologyArbitrary, (topology) => {
        for (const ns of topology.namespaces) {
          const policies = renderProjectPolicies(topology.input, ns.name);
          const isProject = topology.input.projects.some((p) => p.name === ns.name) && !topology.input.config.systemNamespaces.includes(ns.name);
          expect(policies.length).toBe(isProject ? 1 : 0);
          for (const p of policies) expect(p.metadata.namespace).toBe(ns.name);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('would catch a renderer that forgets a pod range in the outside block', () => {
    // The property above can fail: dropping the except list lets a project reach a pod by address.
    const topology = fc.sample(topologyArbitrary.filter((t) => t.input.config.egressIsolation !== false), { numRuns: 50, seed: 7 });
    const broken = (policies: V1NetworkPolicy[]) => {
      const copy = JSON.parse(JSON.stringify(policies)) as V1NetworkPolicy[];
      for (const peer of copy.flatMap((p) => p.spec?.egress ?? []).flatMap((r) => r.to ?? [])) delete peer.ipBlock?.except;
      return copy;
    };
    const failures = topology.filter((t) => {
      try {
        compareWithOracle(t, broken(renderAll(t)));
        return false;
      } catch {
        return true;
      }
    });
    expect(failures.length).toBeGreaterThan(0);
  });
});
