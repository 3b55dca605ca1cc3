import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { bitsPerSecondOf } from './bandwidth-quantity.js';
import { CALICO_IPAM_OVERRIDE_ANNOTATIONS } from './ipam-overrides.js';
import { planPodMutation, type PodObject } from './pod-mutation.js';
import { applyMetadataPatch } from './pod-mutation.test-support.js';
import type { ProjectView } from './project-view.js';

const K8S_IN = 'kubernetes.io/ingress-bandwidth';
const K8S_OUT = 'kubernetes.io/egress-bandwidth';
const CALICO_IN = 'qos.projectcalico.org/ingressBandwidth';
const CALICO_OUT = 'qos.projectcalico.org/egressBandwidth';

const project = (limits: ProjectView['limits'] = {}): ProjectView => ({ workspace: 'ws-a', project: 'proj-1', vpcId: 'rtr-1', subnetId: 'vxnet-1', limits });
const pod = (annotations?: Record<string, string>, labels?: Record<string, string>, hostNetwork = false): PodObject => ({
  metadata: { ...(annotations === undefined ? {} : { annotations }), ...(labels === undefined ? {} : { labels }) },
  spec: { hostNetwork },
});
const ATTRIBUTION_ANNOTATIONS = { 'sdn.kubesphere.io/vpc-id': 'rtr-1', 'sdn.kubesphere.io/subnet-id': 'vxnet-1' };
const ATTRIBUTION_LABELS = { 'sdn.kubesphere.io/workspace': 'ws-a', 'sdn.kubesphere.io/project': 'proj-1' };

function mutated(p: PodObject, view: ProjectView, sets: ('kubernetes' | 'calico')[] = ['kubernetes']): PodObject {
  return applyMetadataPatch(p, planPodMutation(p, view, { annotationSets: sets }).patch);
}

describe('planPodMutation', () => {
  it.each([
    ['no limit: attribution only', pod(), project(), ['kubernetes'], {}],
    ['workspace limit stamped', pod(), project({ ingress: 100e6, egress: 50e6 }), ['kubernetes'], { [K8S_IN]: '100M', [K8S_OUT]: '50M' }],
    ['both sets stamped', pod(), project({ ingress: 100e6 }), ['kubernetes', 'calico'], { [K8S_IN]: '100M', [CALICO_IN]: '100M' }],
    ['calico only', pod(), project({ egress: 2e9 }), ['calico'], { [CALICO_OUT]: '2G' }],
    ['higher tenant value capped', pod({ [K8S_IN]: '1G' }), project({ ingress: 100e6 }), ['kubernetes'], { [K8S_IN]: '100M' }],
    ['lower tenant value kept', pod({ [K8S_IN]: '10M' }), project({ ingress: 100e6 }), ['kubernetes'], { [K8S_IN]: '10M' }],
    ['lower value in the other set wins everywhere', pod({ [CALICO_IN]: '5M' }), project({ ingress: 100e6 }), ['kubernetes', 'calico'], { [K8S_IN]: '5M', [CALICO_IN]: '5M' }],
    ['unstamped set above the limit is capped too', pod({ [CALICO_IN]: '10G' }), project({ ingress: 100e6 }), ['kubernetes'], { [K8S_IN]: '100M', [CALICO_IN]: '100M' }],
    ['unstamped set below the limit is left', pod({ [CALICO_IN]: '50M' }), project({ ingress: 100e6 }), ['kubernetes'], { [K8S_IN]: '50M', [CALICO_IN]: '50M' }],
    ['unreadable tenant value replaced', pod({ [K8S_IN]: 'lots' }), project({ ingress: 100e6 }), ['kubernetes'], { [K8S_IN]: '100M' }],
    ['direction without a limit untouched', pod({ [K8S_OUT]: '10G' }), project({ ingress: 100e6 }), ['kubernetes'], { [K8S_IN]: '100M', [K8S_OUT]: '10G' }],
    ['host network: no bandwidth', pod({}, {}, true), project({ ingress: 100e6 }), ['kubernetes'], {}],
  ] as const)('%s', (_name, input, view, sets, bandwidth) => {
    const result = mutated(input, view, [...sets]);
    expect(result.metadata?.annotations).toEqual({ ...input.metadata?.annotations, ...ATTRIBUTION_ANNOTATIONS, ...bandwidth });
    expect(result.metadata?.labels).toEqual(ATTRIBUTION_LABELS);
  });

  it("stamps Calico's burst with each limited direction: the configured one, a tenant's smaller one kept, a larger one capped", () => {
    const burst = (p: PodObject, limits: ProjectView['limits']) => planPodMutation(p, project(limits), { annotationSets: ['kubernetes'], calicoBurstBits: 16 * 2 ** 20 });
    const plain = applyMetadataPatch(pod(), burst(pod(), { ingress: 10e6 }).patch);
    expect(plain.metadata?.annotations).toMatchObject({ [K8S_IN]: '10M', 'qos.projectcalico.org/ingressBurst': '16Mi' });
    expect(plain.metadata?.annotations).not.toHaveProperty('qos.projectcalico.org/egressBurst');
    const smaller = applyMetadataPatch(pod({ 'qos.projectcalico.org/egressBurst': '1Mi' }), burst(pod({ 'qos.projectcalico.org/egressBurst': '1Mi' }), { egress: 5e6 }).patch);
    expect(smaller.metadata?.annotations?.['qos.projectcalico.org/egressBurst']).toBe('1Mi');
    const larger = burst(pod({ 'qos.projectcalico.org/egressBurst': '32Gi' }), { egress: 5e6 });
    expect(larger.capped).toContainEqual({ key: 'qos.projectcalico.org/egressBurst', direction: 'egress', requested: '32Gi', stamped: '16Mi' });
    expect(planPodMutation(pod(), project({ ingress: 10e6 }), { annotationSets: ['kubernetes'] }).patch).not.toContainEqual(expect.objectContaining({ value: expect.objectContaining({ 'qos.projectcalico.org/ingressBurst': expect.any(String) }) }));
    expect(planPodMutation(pod(), project({}), { annotationSets: ['kubernetes'], calicoBurstBits: 1e6 }).patch).toEqual([{ op: 'add', path: '/metadata/labels', value: ATTRIBUTION_LABELS }, { op: 'add', path: '/metadata/annotations', value: ATTRIBUTION_ANNOTATIONS }]);
  });

  it('reports what it capped', () => {
    const { capped } = planPodMutation(pod({ [K8S_IN]: '1G', [CALICO_OUT]: 'x', [K8S_OUT]: '1M' }), project({ ingress: 100e6, egress: 10e6 }), { annotationSets: ['kubernetes'] });
    expect(capped).toEqual([
      { key: K8S_IN, direction: 'ingress', requested: '1G', stamped: '100M' },
      { key: CALICO_OUT, direction: 'egress', requested: 'x', stamped: '1M' },
    ]);
  });

  it('overwrites forged attribution and keeps other labels', () => {
    const result = mutated(pod(undefined, { app: 'web', 'sdn.kubesphere.io/workspace': 'someone-else' }), project());
    expect(result.metadata?.labels).toEqual({ app: 'web', ...ATTRIBUTION_LABELS });
  });

  it('emits per-key ops with escaped pointers when the maps exist, one op when they do not', () => {
    expect(planPodMutation(pod(), project({ ingress: 1e6 }), { annotationSets: ['kubernetes'] }).patch).toEqual([
      { op: 'add', path: '/metadata/labels', value: ATTRIBUTION_LABELS },
      { op: 'add', path: '/metadata/annotations', value: { ...ATTRIBUTION_ANNOTATIONS, [K8S_IN]: '1M' } },
    ]);
    expect(planPodMutation(pod({ a: 'b' }, { c: 'd' }), project({ ingress: 1e6 }), { annotationSets: ['kubernetes'] }).patch).toEqual([
      { op: 'add', path: '/metadata/labels/sdn.kubesphere.io~1project', value: 'proj-1' },
      { op: 'add', path: '/metadata/labels/sdn.kubesphere.io~1workspace', value: 'ws-a' },
      { op: 'add', path: '/metadata/annotations/kubernetes.io~1ingress-bandwidth', value: '1M' },
      { op: 'add', path: '/metadata/annotations/sdn.kubesphere.io~1subnet-id', value: 'vxnet-1' },
      { op: 'add', path: '/metadata/annotations/sdn.kubesphere.io~1vpc-id', value: 'rtr-1' },
    ]);
  });

  it('is idempotent: a mutated pod needs no further patch', () => {
    const once = mutated(pod({ [K8S_IN]: '1G' }), project({ ingress: 100e6, egress: 5e6 }), ['kubernetes', 'calico']);
    expect(planPodMutation(once, project({ ingress: 100e6, egress: 5e6 }), { annotationSets: ['kubernetes', 'calico'] }).patch).toEqual([]);
  });

  it.each([
    ['a foreign ipv4pools', { 'cni.projectcalico.org/ipv4pools': '["tnc-other"]', app: 'x' }, ['cni.projectcalico.org/ipv4pools']],
    ['every override at once', {
      'cni.projectcalico.org/floatingIPs': '["1.2.3.4"]',
      'cni.projectcalico.org/ipAddrs': '["10.1.0.9"]',
      'cni.projectcalico.org/ipAddrsNoIpam': '["10.1.0.9"]',
      'cni.projectcalico.org/ipv4pools': '["tnc-other"]',
      'cni.projectcalico.org/ipv6pools': '["tnc-other-v6"]',
    }, ['cni.projectcalico.org/ipv4pools', 'cni.projectcalico.org/ipv6pools', 'cni.projectcalico.org/ipAddrs', 'cni.projectcalico.org/ipAddrsNoIpam', 'cni.projectcalico.org/floatingIPs']],
    ['an empty override value', { 'cni.projectcalico.org/ipAddrs': '' }, ['cni.projectcalico.org/ipAddrs']],
    ['other Calico annotations stay', { 'cni.projectcalico.org/podIP': '10.1.0.9', 'cni.projectcalico.org/ipv4poolsX': 'y' }, []],
  ] as const)('removes Calico IPAM overrides: %s', (_name, annotations, removed) => {
    const input = pod({ ...annotations });
    const plan = planPodMutation(input, project({ ingress: 1e6 }), { annotationSets: ['kubernetes'] });
    expect(plan.removed).toEqual(removed);
    const result = applyMetadataPatch(input, plan.patch);
    const kept = Object.fromEntries(Object.entries(annotations).filter(([key]) => !(removed as readonly string[]).includes(key)));
    expect(result.metadata?.annotations).toEqual({ ...kept, ...ATTRIBUTION_ANNOTATIONS, [K8S_IN]: '1M' });
    // A re-invocation of the webhook on its own result changes nothing more.
    expect(planPodMutation(result, project({ ingress: 1e6 }), { annotationSets: ['kubernetes'] }).patch).toEqual([]);
  });

  it('removes an override from a host-network pod too, with an escaped pointer', () => {
    const plan = planPodMutation(pod({ 'cni.projectcalico.org/ipv4pools': '["x"]' }, {}, true), project(), { annotationSets: ['kubernetes'] });
    expect(plan.patch).toContainEqual({ op: 'remove', path: '/metadata/annotations/cni.projectcalico.org~1ipv4pools' });
    expect(plan.removed).toEqual(['cni.projectcalico.org/ipv4pools']);
  });

  it('never leaves a readable value above the limit in any known key, nor an IPAM override (property)', () => {
    const quantity = fc.oneof(fc.constantFrom('junk', '', '1', '100MB'), fc.integer({ min: 1, max: 999_999 }).chain((n) => fc.constantFrom(`${n}k`, `${n}M`, `${n}Mi`, `${n}`)));
    const annotations = fc.dictionary(fc.constantFrom(K8S_IN, K8S_OUT, CALICO_IN, CALICO_OUT, 'other', ...CALICO_IPAM_OVERRIDE_ANNOTATIONS), quantity);
    const limit = fc.option(fc.integer({ min: 1_000, max: 1e12 }), { nil: undefined });
    const sets = fc.subarray(['kubernetes', 'calico'] as const, { minLength: 1 });
    fc.assert(
      fc.property(annotations, limit, limit, sets, (ann, ingress, egress, chosen) => {
        const limits = { ...(ingress === undefined ? {} : { ingress }), ...(egress === undefined ? {} : { egress }) };
        const view = project(limits);
        const result = mutated(pod(ann), view, [...chosen]);
        const out = result.metadata?.annotations ?? {};
        for (const [direction, keys] of [['ingress', [K8S_IN, CALICO_IN]], ['egress', [K8S_OUT, CALICO_OUT]]] as const) {
          const max = limits[direction];
          if (max === undefined) {
            for (const key of keys) expect(out[key]).toBe(ann[key]);
            continue;
          }
          for (const key of keys) {
            if (out[key] === undefined) continue;
            const bits = bitsPerSecondOf(out[key]);
            expect(bits).toBeDefined();
            expect(bits ?? Infinity).toBeLessThanOrEqual(max);
          }
          if (chosen.includes('kubernetes')) expect(out[direction === 'ingress' ? K8S_IN : K8S_OUT]).toBeDefined();
          if (chosen.includes('calico')) expect(out[direction === 'ingress' ? CALICO_IN : CALICO_OUT]).toBeDefined();
        }
        expect(out.other).toBe(ann.other);
        for (const key of CALICO_IPAM_OVERRIDE_ANNOTATIONS) expect(Object.hasOwn(out, key)).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });
});
