// Property tests: random sequences of operations against the naive reference model. After every
// operation the allocator must agree with the model on the outcome (including the exact block that
// `allocate` picks, which pins the reuse order) and on the complete state, and its allocations must
// be pairwise disjoint.

import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parseCidr } from './cidr.js';
import { createRangeAllocator, type RangeAllocator } from './range-allocator.js';
import {
  AllocatorModel,
  formatRange,
  requestArbitrary,
  size,
  type Expected,
  type ModelConfig,
  type ModelRequest,
} from './reference-model.test-support.js';

const OWNERS = ['o0', 'o1', 'o2', 'o3', 'o4', 'o5', 'o6', 'o7', 'o8', 'o9'];

type Operation =
  | { readonly kind: 'allocate'; readonly owner: string }
  | { readonly kind: 'allocateSpecific'; readonly owner: string; readonly request: ModelRequest }
  | { readonly kind: 'restore'; readonly owner: string; readonly request: ModelRequest }
  | { readonly kind: 'restoreTaken'; readonly owner: string; readonly pick: number }
  | { readonly kind: 'requestSibling'; readonly owner: string; readonly pick: number }
  | { readonly kind: 'requestInsideFree'; readonly owner: string; readonly pick: number; readonly extraBits: number; readonly slot: number }
  | { readonly kind: 'release'; readonly owner: string }
  | { readonly kind: 'releaseHeld'; readonly pick: number }
  | { readonly kind: 'releaseCidr'; readonly request: ModelRequest }
  | { readonly kind: 'restart'; readonly seed: number };

interface Scenario {
  readonly name: string;
  readonly parent: string;
  readonly model: ModelConfig;
  readonly maxUnitOffset: number;
  /** Shortest prefix length generated (largest range). */
  readonly shortestRequest: number;
  readonly numRuns: number;
}

function operations(scenario: Scenario): fc.Arbitrary<Operation[]> {
  const owner = fc.constantFrom(...OWNERS);
  const request = requestArbitrary(scenario.model, scenario.maxUnitOffset, scenario.shortestRequest);
  const operation: fc.Arbitrary<Operation> = fc.oneof(
    { weight: 6, arbitrary: fc.record({ kind: fc.constant('allocate' as const), owner }) },
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('allocateSpecific' as const), owner, request }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('restore' as const), owner, request }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('restoreTaken' as const), owner, pick: fc.nat() }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('requestSibling' as const), owner, pick: fc.nat() }) },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('requestInsideFree' as const),
        owner,
        pick: fc.nat(),
        extraBits: fc.integer({ min: 1, max: 3 }),
        slot: fc.nat(7),
      }),
    },
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('release' as const), owner }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('releaseHeld' as const), pick: fc.nat() }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('releaseCidr' as const), request }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('restart' as const), seed: fc.nat() }) },
  );
  return fc.array(operation, { maxLength: 60 });
}


// 10.0.0.0 as a number.
const TEN = 10 * 2 ** 24;

const SCENARIOS: readonly Scenario[] = [
  {
    // Small and crowded: exhaustion, mixed sizes and reuse happen all the time.
    name: '10.0.0.0/21 cut into /24 (requests /22-/27)',
    parent: '10.0.0.0/21',
    model: { parents: [{ base: TEN, prefixLength: 21 }], unitPrefixLength: 24, minPrefixLength: 22, maxPrefixLength: 27, exhaustedReason: 'NoAvailableSubnet' },
    maxUnitOffset: 9,
    shortestRequest: 20,
    numRuns: 500,
  },
  {
    // Deep: a million default blocks, so the sparse (hash) levels of the trie are used.
    name: '10.0.0.0/8 cut into /28 (requests /20-/30)',
    parent: '10.0.0.0/8',
    model: { parents: [{ base: TEN, prefixLength: 8 }], unitPrefixLength: 28, minPrefixLength: 20, maxPrefixLength: 30, exhaustedReason: 'NoAvailableSubnet' },
    maxUnitOffset: 40,
    shortestRequest: 18,
    numRuns: 300,
  },
  {
    // Degenerate: the default size is the parent itself.
    name: '10.0.0.0/24 handed out whole (requests /24-/28)',
    parent: '10.0.0.0/24',
    model: { parents: [{ base: TEN, prefixLength: 24 }], unitPrefixLength: 24, minPrefixLength: 24, maxPrefixLength: 28, exhaustedReason: 'NoAvailableSubnet' },
    maxUnitOffset: 1,
    shortestRequest: 23,
    numRuns: 200,
  },
];

function create(scenario: Scenario): RangeAllocator {
  const created = createRangeAllocator({
    kind: 'subnet',
    parent: scenario.parent,
    prefixLength: scenario.model.unitPrefixLength,
    minPrefixLength: scenario.model.minPrefixLength,
    maxPrefixLength: scenario.model.maxPrefixLength,
  });
  if (!created.ok) throw new Error(created.message);
  return created.allocator;
}

type Outcome =
  | { readonly ok: true; readonly cidr: string; readonly existing?: boolean }
  | { readonly ok: false; readonly reason: string; readonly conflict?: { readonly owner: string } };

function expectOutcome(actual: Outcome, expected: Expected, what: string): void {
  if (expected.ok) {
    expect({ what, ...actual }).toMatchObject({ what, ok: true, cidr: expected.cidr });
    if (actual.ok && actual.existing !== undefined) expect({ what, existing: actual.existing }).toEqual({ what, existing: expected.existing });
    return;
  }
  expect({ what, ...actual }).toMatchObject({ what, ok: false, reason: expected.reason });
  if (!actual.ok && expected.conflictOwners.length > 0) {
    expect(expected.conflictOwners).toContain(actual.conflict?.owner);
  }
}

/** The allocator's whole state equals the model's, and no two allocations overlap. */
function expectSameState(subject: RangeAllocator, model: AllocatorModel): void {
  const held = [...model.holdings].map(([owner, range]) => ({ owner, range }));
  held.sort((a, b) => a.range.base - b.range.base || a.range.prefixLength - b.range.prefixLength);
  const actual = subject.allocations();
  expect(actual).toEqual(held.map(({ owner, range }) => ({ owner, cidr: formatRange(range) })));
  // Independent of the model: sorted by address, each range ends before the next begins.
  const ranges = actual.map(({ cidr }) => {
    const parsed = parseCidr(cidr);
    if (!parsed.ok) throw new Error(parsed.message);
    return parsed.cidr;
  });
  for (let i = 1; i < ranges.length; i++) {
    const previous = ranges[i - 1];
    const current = ranges[i];
    if (previous === undefined || current === undefined) continue;
    expect(previous.base + size(previous.prefixLength)).toBeLessThanOrEqual(current.base);
  }
  for (const owner of OWNERS) {
    const range = model.holdings.get(owner);
    expect(subject.cidrOf(owner)).toBe(range === undefined ? undefined : formatRange(range));
  }
  const utilisation = subject.utilisation();
  expect(utilisation.allocations).toBe(held.length);
  expect(utilisation.usedBlocks).toBe(model.usedUnits(0));
  expect(utilisation.usedAddresses).toBe(held.reduce((sum, { range }) => sum + size(range.prefixLength), 0));
}

/** Deterministic shuffle so a failing case replays exactly. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const result = [...items];
  let state = seed + 1;
  for (let i = result.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const j = state % (i + 1);
    const a = result[i];
    const b = result[j];
    if (a === undefined || b === undefined) continue;
    result[i] = b;
    result[j] = a;
  }
  return result;
}

function run(scenario: Scenario, ops: readonly Operation[]): void {
  const model = new AllocatorModel(scenario.model);
  let subject = create(scenario);
  for (const [step, op] of ops.entries()) {
    const what = `step ${step}: ${JSON.stringify(op)}`;
    switch (op.kind) {
      case 'allocate':
        expectOutcome(subject.allocate(op.owner), model.allocate(op.owner), what);
        break;
      case 'allocateSpecific':
        expectOutcome(subject.allocateSpecific(op.owner, op.request.text), model.request(op.owner, op.request, false), what);
        break;
      case 'restore':
        expectOutcome(subject.restore(op.owner, op.request.text), model.request(op.owner, op.request, true), what);
        break;
      case 'restoreTaken': {
        // Restoring someone else's range (or the owner's own, which is a no-op) is never an overwrite.
        const taken = [...model.holdings.values()];
        const range = taken[op.pick % Math.max(1, taken.length)];
        if (range === undefined) break;
        const request = { text: formatRange(range), range, unaligned: false };
        expectOutcome(subject.restore(op.owner, request.text), model.request(op.owner, request, true), what);
        break;
      }
      case 'requestSibling': {
        // The other half of a held range: neighbours of mixed sizes sharing default blocks.
        const taken = [...model.holdings.values()];
        const range = taken[op.pick % Math.max(1, taken.length)];
        if (range === undefined) break;
        const halfSize = size(range.prefixLength);
        const base = (range.base / halfSize) % 2 === 0 ? range.base + halfSize : range.base - halfSize;
        const request = { text: formatRange({ base, prefixLength: range.prefixLength }), range: { base, prefixLength: range.prefixLength }, unaligned: false };
        expectOutcome(subject.allocateSpecific(op.owner, request.text), model.request(op.owner, request, false), what);
        break;
      }
      case 'requestInsideFree': {
        // A small range inside a default block that is free (possibly released, i.e. queued).
        const free = model.freeUnitRanges(0, 64);
        const unit = free[op.pick % Math.max(1, free.length)];
        const prefixLength = scenario.model.unitPrefixLength + op.extraBits;
        if (unit === undefined || prefixLength > 32) break;
        const range = { base: unit.base + (op.slot % 2 ** op.extraBits) * size(prefixLength), prefixLength };
        const request = { text: formatRange(range), range, unaligned: false };
        expectOutcome(subject.allocateSpecific(op.owner, request.text), model.request(op.owner, request, false), what);
        break;
      }
      case 'release':
        expectOutcome(subject.release(op.owner), model.release(op.owner), what);
        break;
      case 'releaseHeld': {
        const owners = [...model.holdings.keys()];
        const owner = owners[op.pick % Math.max(1, owners.length)];
        const range = owner === undefined ? undefined : model.holdings.get(owner);
        if (owner === undefined || range === undefined) break;
        const result = subject.releaseCidr(formatRange(range));
        expect(result).toMatchObject({ ok: true, owner });
        model.release(owner);
        break;
      }
      case 'releaseCidr': {
        const { request } = op;
        const owner = request.range === undefined || request.unaligned ? undefined : model.ownerOfExactly(request.range);
        const result = subject.releaseCidr(request.text);
        if (owner === undefined) expect(result.ok).toBe(false);
        else {
          expect(result).toMatchObject({ ok: true, owner });
          model.release(owner);
        }
        break;
      }
      case 'restart': {
        // A new controller: rebuild from the recorded state (in any order) before anything else.
        subject = create(scenario);
        model.restart();
        for (const [owner, range] of shuffled([...model.holdings], op.seed)) {
          const request = { text: formatRange(range), range, unaligned: false };
          model.holdings.delete(owner);
          expectOutcome(subject.restore(owner, request.text), model.request(owner, request, true), `${what} restoring ${owner}`);
        }
        break;
      }
    }
    expectSameState(subject, model);
  }
}


describe.each(SCENARIOS)('range allocator on $name', (scenario) => {
  it(`agrees with the reference model on random operation sequences (numRuns: ${scenario.numRuns})`, () => {
    fc.assert(
      fc.property(operations(scenario), (ops) => {
        run(scenario, ops);
      }),
      { numRuns: scenario.numRuns },
    );
  });
});

describe('least-recently-released order', () => {
  const numRuns = 300;
  it(`reuses released /24s exactly in release order once the fresh ones are gone (numRuns: ${numRuns})`, () => {
    fc.assert(
      fc.property(fc.shuffledSubarray([...Array(16).keys()], { minLength: 1 }), fc.nat(16), (releaseOrder, extraFresh) => {
        // 16 + extraFresh blocks exist; the first 16 are handed out, some released in a random order.
        const parentBlocks = 32;
        const created = createRangeAllocator({ kind: 'subnet', parent: '10.0.0.0/19', prefixLength: 24 });
        if (!created.ok) throw new Error(created.message);
        const subject = created.allocator;
        for (let i = 0; i < 16; i++) subject.allocate(`p${i}`);
        for (let i = 16; i < parentBlocks - extraFresh; i++) subject.allocate(`filler${i}`);
        const released = releaseOrder.map((i) => {
          const result = subject.release(`p${i}`);
          if (!result.ok) throw new Error(result.message);
          return result.cidr;
        });
        const fresh = Array.from({ length: extraFresh }, (_, i) => `10.0.${parentBlocks - extraFresh + i}.0/24`);
        const handedOut = [...fresh, ...released].map((_, i) => {
          const result = subject.allocate(`q${i}`);
          if (!result.ok) throw new Error(result.message);
          return result.cidr;
        });
        expect(handedOut).toEqual([...fresh, ...released]);
        expect(subject.allocate('none-left')).toMatchObject({ ok: false, reason: 'NoAvailableSubnet' });
      }),
      { numRuns },
    );
  });
});
