// Property tests for the VPC pools: the exclusive pool against the reference model with several
// parent ranges (reuse order across parents, no overlap anywhere), the shared pool against a
// least-used counter model.

import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parseCidr } from './cidr.js';
import { createVpcPool } from './create-vpc-pool.js';
import {
  AllocatorModel,
  formatRange,
  requestArbitrary,
  size,
  type Expected,
  type ModelConfig,
  type ModelRequest,
} from './reference-model.test-support.js';
import type { VpcPool } from './vpc-pool.js';

const OWNERS = ['o0', 'o1', 'o2', 'o3', 'o4', 'o5', 'o6', 'o7', 'o8', 'o9'];
const EXCLUSIVE_RUNS = 400;
const SHARED_RUNS = 300;

function createPool(ranges: readonly string[], rangesMayRepeat: boolean, bounds?: { min: number; max: number }): VpcPool {
  const created = createVpcPool({
    ranges,
    rangesMayRepeat,
    vpcPrefixLength: 16,
    ...(bounds === undefined ? {} : { minPrefixLength: bounds.min, maxPrefixLength: bounds.max }),
  });
  if (!created.ok) throw new Error(created.message);
  return created.pool;
}

function expectOutcome(
  actual: { readonly ok: boolean; readonly cidr?: string; readonly existing?: boolean; readonly reason?: string; readonly conflict?: { readonly owner: string } },
  expected: Expected,
  what: string,
): void {
  if (expected.ok) {
    expect({ what, ok: actual.ok, cidr: actual.cidr }).toEqual({ what, ok: true, cidr: expected.cidr });
    return;
  }
  expect({ what, ok: actual.ok, reason: actual.reason }).toEqual({ what, ok: false, reason: expected.reason });
  if (expected.conflictOwners.length > 0) expect(expected.conflictOwners).toContain(actual.conflict?.owner);
}

describe('exclusive VPC pool', () => {
  const ranges = ['10.0.0.0/14', '10.8.0.0/15', '10.16.0.0/16'];
  const model: ModelConfig = {
    parents: ranges.map((text) => {
      const parsed = parseCidr(text);
      if (!parsed.ok) throw new Error(parsed.message);
      return { base: parsed.cidr.base, prefixLength: parsed.cidr.prefixLength };
    }),
    unitPrefixLength: 16,
    minPrefixLength: 14,
    maxPrefixLength: 20,
    exhaustedReason: 'NoAvailableVPCRange',
  };

  type Operation =
    | { readonly kind: 'allocate'; readonly owner: string }
    | { readonly kind: 'allocateSpecific'; readonly owner: string; readonly request: ModelRequest }
    | { readonly kind: 'restore'; readonly owner: string; readonly request: ModelRequest }
    | { readonly kind: 'release'; readonly owner: string }
    | { readonly kind: 'restart'; readonly reverse: boolean };

  const owner = fc.constantFrom(...OWNERS);
  const request = requestArbitrary(model, 6, 13);
  const operations: fc.Arbitrary<Operation[]> = fc.array(
    fc.oneof(
      { weight: 5, arbitrary: fc.record({ kind: fc.constant('allocate' as const), owner }) },
      { weight: 3, arbitrary: fc.record({ kind: fc.constant('allocateSpecific' as const), owner, request }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('restore' as const), owner, request }) },
      { weight: 4, arbitrary: fc.record({ kind: fc.constant('release' as const), owner }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('restart' as const), reverse: fc.boolean() }) },
    ),
    { maxLength: 50 },
  );

  function expectSameState(subject: VpcPool, reference: AllocatorModel): void {
    const held: { base: number; end: number }[] = [];
    for (const name of OWNERS) {
      const range = reference.holdings.get(name);
      const cidr = subject.cidrOf(name);
      expect({ name, cidr }).toEqual({ name, cidr: range === undefined ? undefined : formatRange(range) });
      if (cidr === undefined) continue;
      expect(subject.ownersOf(cidr)).toEqual([name]);
      const parsed = parseCidr(cidr);
      if (!parsed.ok) throw new Error(parsed.message);
      held.push({ base: parsed.cidr.base, end: parsed.cidr.base + size(parsed.cidr.prefixLength) });
    }
    held.sort((a, b) => a.base - b.base);
    for (let i = 1; i < held.length; i++) expect((held[i - 1]?.end ?? 0) <= (held[i]?.base ?? 0)).toBe(true);
    const utilisation = subject.utilisation();
    if (utilisation.mode !== 'exclusive') throw new Error('expected an exclusive pool');
    expect(utilisation.allocations).toBe(reference.holdings.size);
    expect(utilisation.ranges.map((range) => range.usedBlocks)).toEqual(ranges.map((_, i) => reference.usedUnits(i)));
  }

  it(`agrees with the reference model across several pool ranges (numRuns: ${EXCLUSIVE_RUNS})`, () => {
    fc.assert(
      fc.property(operations, (ops) => {
        const reference = new AllocatorModel(model);
        let subject = createPool(ranges, false, { min: 14, max: 20 });
        for (const [step, op] of ops.entries()) {
          const what = `step ${step}: ${JSON.stringify(op)}`;
          switch (op.kind) {
            case 'allocate':
              expectOutcome(subject.allocate(op.owner), reference.allocate(op.owner), what);
              break;
            case 'allocateSpecific':
              expectOutcome(subject.allocateSpecific(op.owner, op.request.text), reference.request(op.owner, op.request, false), what);
              break;
            case 'restore':
              expectOutcome(subject.restore(op.owner, op.request.text), reference.request(op.owner, op.request, true), what);
              break;
            case 'release':
              expectOutcome(subject.release(op.owner), reference.release(op.owner), what);
              break;
            case 'restart': {
              subject = createPool(ranges, false, { min: 14, max: 20 });
              reference.restart();
              const recorded = [...reference.holdings];
              if (op.reverse) recorded.reverse();
              for (const [name, range] of recorded) {
                reference.holdings.delete(name);
                const restored = { text: formatRange(range), range, unaligned: false };
                expectOutcome(subject.restore(name, restored.text), reference.request(name, restored, true), `${what} restoring ${name}`);
              }
              break;
            }
          }
          expectSameState(subject, reference);
        }
      }),
      { numRuns: EXCLUSIVE_RUNS },
    );
  });
});

describe('shared VPC pool', () => {
  const allowed = ['192.168.0.0/16', '172.16.0.0/16', '172.17.0.0/16', '172.18.0.0/16'];

  type Operation =
    | { readonly kind: 'allocate'; readonly owner: string }
    | { readonly kind: 'allocateSpecific'; readonly owner: string; readonly cidr: string }
    | { readonly kind: 'release'; readonly owner: string };

  const owner = fc.constantFrom(...OWNERS);
  const cidr = fc.constantFrom(...allowed, '172.19.0.0/16', '192.168.1.0/24');
  const operations: fc.Arbitrary<Operation[]> = fc.array(
    fc.oneof(
      fc.record({ kind: fc.constant('allocate' as const), owner }),
      fc.record({ kind: fc.constant('allocateSpecific' as const), owner, cidr }),
      fc.record({ kind: fc.constant('release' as const), owner }),
    ),
    { maxLength: 60 },
  );

  it(`gives a new workspace the least-used allowed range and keeps exact counts (numRuns: ${SHARED_RUNS})`, () => {
    fc.assert(
      fc.property(operations, (ops) => {
        const subject = createPool(allowed, true);
        const holdings = new Map<string, string>();
        const count = (range: string): number => [...holdings.values()].filter((held) => held === range).length;
        for (const op of ops) {
          const held = holdings.get(op.owner);
          if (op.kind === 'allocate') {
            const leastUsed = allowed.reduce((best, range) => (count(range) < count(best) ? range : best));
            const expected = held ?? leastUsed;
            expect(subject.allocate(op.owner)).toMatchObject({ ok: true, cidr: expected, existing: held !== undefined });
            holdings.set(op.owner, expected);
          } else if (op.kind === 'allocateSpecific') {
            const result = subject.allocateSpecific(op.owner, op.cidr);
            if (held !== undefined) {
              expect(result).toMatchObject(held === op.cidr ? { ok: true, existing: true } : { ok: false, reason: 'OwnerHoldsOtherCIDR' });
            } else if (allowed.includes(op.cidr)) {
              expect(result).toMatchObject({ ok: true, cidr: op.cidr, existing: false });
              holdings.set(op.owner, op.cidr);
            } else {
              expect(result).toMatchObject({ ok: false, reason: 'CIDRNotAllowed' });
            }
          } else {
            expect(subject.release(op.owner)).toMatchObject(held === undefined ? { ok: false, reason: 'NotAllocated' } : { ok: true, cidr: held });
            holdings.delete(op.owner);
          }
          const utilisation = subject.utilisation();
          if (utilisation.mode !== 'shared') throw new Error('expected a shared pool');
          expect(utilisation.ranges).toEqual(allowed.map((range) => ({ cidr: range, allocations: count(range) })));
          for (const range of allowed) {
            expect(subject.ownersOf(range)).toEqual(OWNERS.filter((name) => holdings.get(name) === range));
          }
        }
      }),
      { numRuns: SHARED_RUNS },
    );
  });
});
