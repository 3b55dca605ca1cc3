import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { ENCAPSULATION_MODES, IPPOOL_ALLOWED_USES } from '../../api/external/calico-ippool.js';
import { judgeExistingPool, judgePoolForDeletion, renderIpPool, type IpPoolObject, type PoolOwner } from './ippool.js';
import { resolveCalicoSettings, type PoolSettings } from './options.js';

const owner: PoolOwner = { workspace: 'ws1', project: 'team-a', projectUid: 'uid-1' };
const resolved = resolveCalicoSettings({});
if (!resolved.ok) throw new Error(resolved.message);
const settings: PoolSettings = resolved.settings;
const desired = renderIpPool(owner, '10.128.3.0/24', settings);

/** RFC 7386 merge patch, as the apiserver applies it. */
function mergePatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> = typeof target === 'object' && target !== null && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [key, value] of Object.entries(patch)) out[key] = mergePatch(out[key], value);
  return Object.fromEntries(Object.entries(out).filter(([, value]) => value !== null));
}

/** The pool as stored: our pool plus what the apiserver or Calico add. */
function stored(changes: { metadata?: Record<string, unknown>; spec?: Record<string, unknown> } = {}): IpPoolObject {
  return mergePatch(
    { ...desired, metadata: { ...desired.metadata, uid: 'object-uid', resourceVersion: '7' }, spec: { ...desired.spec, assignmentMode: 'Automatic' } },
    changes,
  ) as IpPoolObject;
}

describe('renderIpPool', () => {
  it('writes the deterministic name, ownership labels, the project UID and every setting', () => {
    expect(desired).toEqual({
      apiVersion: 'crd.projectcalico.org/v1',
      kind: 'IPPool',
      metadata: {
        name: 'tnc-team-a',
        labels: { 'app.kubernetes.io/managed-by': 'tenant-network-controller', 'sdn.kubesphere.io/workspace': 'ws1', 'sdn.kubesphere.io/project': 'team-a' },
        annotations: { 'sdn.kubesphere.io/project-uid': 'uid-1' },
      },
      spec: {
        cidr: '10.128.3.0/24',
        blockSize: 28,
        ipipMode: 'Never',
        vxlanMode: 'CrossSubnet',
        natOutgoing: true,
        nodeSelector: '!all()',
        disabled: false,
        allowedUses: ['Workload'],
      },
    });
  });

  it('sets assignmentMode only when configured', () => {
    expect(renderIpPool(owner, '10.128.3.0/24', { ...settings, assignmentMode: 'Manual' }).spec.assignmentMode).toBe('Manual');
  });
});

describe('judgeExistingPool', () => {
  it.each([
    { name: 'a pool without our label', live: { metadata: { name: 'tnc-team-a' }, spec: { cidr: '10.128.3.0/24' } }, expected: { kind: 'foreign' } },
    { name: 'a pool managed by someone else', live: stored({ metadata: { labels: { 'app.kubernetes.io/managed-by': 'helm' } } }), expected: { kind: 'foreign' } },
    { name: 'our pool being deleted', live: stored({ metadata: { deletionTimestamp: '2024-01-01T00:00:00Z', finalizers: ['x'] } }), expected: { kind: 'deleting' } },
    { name: 'a pool of an earlier project incarnation', live: stored({ metadata: { annotations: { 'sdn.kubesphere.io/project-uid': 'uid-0' } } }), expected: { kind: 'stale' } },
    { name: 'a pool with another range', live: stored({ spec: { cidr: '10.128.4.0/24' } }), expected: { kind: 'stale' } },
    { name: 'a pool with an unusable range', live: stored({ spec: { cidr: '10.128.3.9/24' } }), expected: { kind: 'stale' } },
    {
      name: 'a pool without UID for another project',
      live: stored({ metadata: { annotations: { 'sdn.kubesphere.io/project-uid': null }, labels: { 'sdn.kubesphere.io/project': 'team-b' } } }),
      expected: { kind: 'stale' },
    },
    { name: 'our pool as we wrote it', live: stored(), expected: { kind: 'adopt', patch: undefined } },
    { name: 'our pool where Calico omitted false values', live: stored({ spec: { disabled: null } }), expected: { kind: 'adopt', patch: undefined } },
    { name: 'fields we do not set', live: stored({ spec: { disableBGPExport: true, namespaceSelector: 'x == "y"' } }), expected: { kind: 'adopt', patch: undefined } },
    { name: 'another blockSize (Calico cannot change it)', live: stored({ spec: { blockSize: 26 } }), expected: { kind: 'adopt', patch: undefined } },
    { name: 'NAT switched off by hand', live: stored({ spec: { natOutgoing: false } }), expected: { kind: 'adopt', patch: { spec: { natOutgoing: true } } } },
    { name: 'NAT field removed', live: stored({ spec: { natOutgoing: null } }), expected: { kind: 'adopt', patch: { spec: { natOutgoing: true } } } },
    { name: 'disabled by hand', live: stored({ spec: { disabled: true, vxlanMode: 'Always' } }), expected: { kind: 'adopt', patch: { spec: { disabled: false, vxlanMode: 'CrossSubnet' } } } },
    { name: 'tunnel use added', live: stored({ spec: { allowedUses: ['Tunnel', 'Workload'] } }), expected: { kind: 'adopt', patch: { spec: { allowedUses: ['Workload'] } } } },
    {
      name: 'workspace label edited',
      live: stored({ metadata: { labels: { 'sdn.kubesphere.io/workspace': 'other', extra: 'kept' } } }),
      expected: { kind: 'adopt', patch: { metadata: { labels: { 'sdn.kubesphere.io/workspace': 'ws1' } } } },
    },
    {
      name: 'UID annotation removed (the project label still matches)',
      live: stored({ metadata: { annotations: { 'sdn.kubesphere.io/project-uid': null } } }),
      expected: { kind: 'adopt', patch: { metadata: { annotations: { 'sdn.kubesphere.io/project-uid': 'uid-1' } } } },
    },
  ])('$name', ({ live, expected }) => {
    expect(judgeExistingPool(live, desired, owner)).toMatchObject(expected);
  });

  it('explains why a pool is stale', () => {
    const verdict = judgeExistingPool(stored({ metadata: { annotations: { 'sdn.kubesphere.io/project-uid': 'uid-0' } } }), desired, owner);
    expect(verdict.kind === 'stale' ? verdict.reason : '').toMatch(/uid-0.*uid-1/);
  });

  it('only asks for the configured assignment mode', () => {
    const manual = renderIpPool(owner, '10.128.3.0/24', { ...settings, assignmentMode: 'Manual' });
    expect(judgeExistingPool(stored(), manual, owner)).toEqual({ kind: 'adopt', patch: { spec: { assignmentMode: 'Manual' } } });
  });
});

describe('driftPatch (property)', () => {
  const mode = fc.constantFrom(...ENCAPSULATION_MODES);
  const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.option(arb, { nil: null });
  const handEdits = fc.record({
    spec: fc.record({
      ipipMode: maybe(mode),
      vxlanMode: maybe(mode),
      natOutgoing: maybe(fc.boolean()),
      disabled: maybe(fc.boolean()),
      nodeSelector: maybe(fc.constantFrom('all()', '!all()', "zone == 'a'")),
      allowedUses: maybe(fc.subarray([...IPPOOL_ALLOWED_USES])),
      blockSize: fc.integer({ min: 20, max: 32 }),
      disableBGPExport: maybe(fc.boolean()),
    }),
    metadata: fc.record({
      labels: fc.record({ 'sdn.kubesphere.io/workspace': maybe(fc.constantFrom('ws1', 'ws2')), 'sdn.kubesphere.io/project': maybe(fc.constant('team-a')), other: maybe(fc.string()) }),
    }),
  });

  it('repairs every hand edit in one patch that touches nothing else', () => {
    fc.assert(
      fc.property(handEdits, (edits) => {
        const live = stored(edits);
        const verdict = judgeExistingPool(live, desired, owner);
        if (verdict.kind !== 'adopt') throw new Error(`expected adopt, got ${verdict.kind}`);
        const repaired = mergePatch(live, verdict.patch ?? {}) as IpPoolObject;
        // After the patch every field we manage has the value we want (absent = Calico's default)…
        expect(repaired.spec).toMatchObject({ cidr: '10.128.3.0/24', natOutgoing: true, vxlanMode: 'CrossSubnet', allowedUses: ['Workload'] });
        expect(repaired.spec?.nodeSelector ?? 'all()').toBe('!all()');
        expect(repaired.spec?.ipipMode ?? 'Never').toBe('Never');
        expect(repaired.spec?.disabled ?? false).toBe(false);
        expect(repaired.metadata?.labels).toMatchObject(desired.metadata.labels);
        expect(repaired.metadata?.annotations).toMatchObject(desired.metadata.annotations);
        // …what we do not manage is untouched…
        expect(repaired.spec?.blockSize).toBe(live.spec?.blockSize);
        expect(repaired.spec?.disableBGPExport).toBe(live.spec?.disableBGPExport);
        expect(repaired.metadata?.labels?.other).toBe(live.metadata?.labels?.other);
        // …and the patch holds only fields whose stored value differs.
        for (const [key, value] of Object.entries(verdict.patch?.spec ?? {})) {
          expect(JSON.stringify((live.spec as Record<string, unknown>)[key])).not.toBe(JSON.stringify(value));
        }
        for (const [key, value] of Object.entries(verdict.patch?.metadata?.labels ?? {})) expect(live.metadata?.labels?.[key]).not.toBe(value);
      }),
      { numRuns: 500 },
    );
  });
});

describe('judgePoolForDeletion', () => {
  it.each([
    { name: 'this incarnation’s pool', live: stored(), expected: 'ours' },
    { name: 'our pool without UID, same project', live: stored({ metadata: { annotations: { 'sdn.kubesphere.io/project-uid': null } } }), expected: 'ours' },
    { name: 'a re-created project’s pool', live: stored({ metadata: { annotations: { 'sdn.kubesphere.io/project-uid': 'uid-2' } } }), expected: 'otherIncarnation' },
    { name: 'a foreign pool', live: { metadata: { name: 'tnc-team-a' }, spec: { cidr: '10.0.0.0/24' } }, expected: 'foreign' },
  ])('$name → $expected', ({ live, expected }) => {
    expect(judgePoolForDeletion(live, owner)).toBe(expected);
  });
});
