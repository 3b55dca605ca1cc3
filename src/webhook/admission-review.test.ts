import { describe, expect, it } from '@jest/globals';
import { admissionDenial, admissionResponse, parseAdmissionReview } from './admission-review.js';
import { admitPod } from './pod-admission.js';
import type { ProjectSources } from './project-view.js';

const review = (request: Record<string, unknown>): unknown => ({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request });
const podRequest = (namespace: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  uid: 'u-1',
  kind: { group: '', version: 'v1', kind: 'Pod' },
  resource: { group: '', version: 'v1', resource: 'pods' },
  operation: 'CREATE',
  namespace,
  object: { metadata: { name: 'p', annotations: { 'kubernetes.io/ingress-bandwidth': '10G' } }, spec: {} },
  ...extra,
});

const sources: ProjectSources = {
  projectNetworks: new Map([
    ['proj', { spec: { workspace: 'ws' }, status: { subnetId: 'tnc-proj', vpcId: 'calico-ws' } }],
    ['going', { spec: { workspace: 'ws' }, metadata: { deletionTimestamp: '2030-01-01T00:00:00Z' } }],
  ]),
  workspaceNetworks: new Map([['ws', { spec: { workspace: 'ws', bandwidth: { ingress: '100M' } }, status: { vpcId: 'calico-ws' } }]]),
};

describe('parseAdmissionReview', () => {
  it.each([
    ['not an object', 'x', 'body is not a JSON object'],
    ['wrong version', { apiVersion: 'admission.k8s.io/v1beta1', kind: 'AdmissionReview', request: {} }, 'expected an admission.k8s.io/v1 AdmissionReview'],
    ['no request', { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview' }, 'AdmissionReview has no request'],
    ['no uid', review({ kind: { kind: 'Pod' }, operation: 'CREATE' }), 'request.uid is missing'],
    ['no kind', review({ uid: 'a', operation: 'CREATE' }), 'request.kind is missing'],
    ['no operation', review({ uid: 'a', kind: { kind: 'Pod' } }), 'request.operation is missing'],
  ])('rejects %s', (_name, body, message) => {
    const parsed = parseAdmissionReview(body);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toContain(message);
  });

  it('reads a pod CREATE', () => {
    const parsed = parseAdmissionReview(review(podRequest('proj', { dryRun: true, subResource: '' })));
    expect(parsed).toEqual({ ok: true, request: { uid: 'u-1', kind: { group: '', version: 'v1', kind: 'Pod' }, operation: 'CREATE', namespace: 'proj', dryRun: true, object: podRequest('proj').object } });
  });
});

describe('admissionResponse', () => {
  it('carries a base64 JSONPatch only when there is something to patch', () => {
    const patch = [{ op: 'add' as const, path: '/metadata/labels', value: { a: 'b' } }];
    const answer = admissionResponse('u-1', { patch, warnings: ['w'] });
    expect(answer).toEqual({
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      response: { uid: 'u-1', allowed: true, patchType: 'JSONPatch', patch: Buffer.from(JSON.stringify(patch)).toString('base64'), warnings: ['w'] },
    });
    expect(admissionResponse('u-2', { patch: [] })).toEqual({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: 'u-2', allowed: true } });
  });
});

describe('admitPod', () => {
  const admit = (request: Record<string, unknown>) => {
    const parsed = parseAdmissionReview(review(request));
    if (!parsed.ok) throw new Error(parsed.message);
    return admitPod(parsed.request, sources, { annotationSets: ['kubernetes'] });
  };

  it('caps and attributes a pod of a project, with a warning for the tenant', () => {
    const result = admit(podRequest('proj'));
    expect(result.outcome).toBe('patched');
    expect(result.patch).toContainEqual({ op: 'add', path: '/metadata/annotations/kubernetes.io~1ingress-bandwidth', value: '100M' });
    expect(result.warnings).toEqual(['kubernetes.io/ingress-bandwidth=10G is above the ingress limit of project proj; set to 100M']);
  });

  it('removes a Calico pool override, telling the tenant why', () => {
    const object = { metadata: { annotations: { 'cni.projectcalico.org/ipv4pools': '["tnc-foreign"]' } } };
    const result = admit(podRequest('proj', { object }));
    expect(result.outcome).toBe('patched');
    expect(result.removed).toEqual(['cni.projectcalico.org/ipv4pools']);
    expect(result.patch).toContainEqual({ op: 'remove', path: '/metadata/annotations/cni.projectcalico.org~1ipv4pools' });
    expect(result.warnings).toEqual(["cni.projectcalico.org/ipv4pools removed: pods of project proj take their address from the project's own pool"]);
  });

  it('leaves a pool override in an unmanaged namespace alone', () => {
    const object = { metadata: { annotations: { 'cni.projectcalico.org/ipv4pools': '["mine"]' } } };
    expect(admit(podRequest('other', { object }))).toMatchObject({ outcome: 'unmanaged', patch: [], removed: [] });
  });

  it.each([
    ['an unmanaged namespace', podRequest('other'), 'unmanaged'],
    ['a project whose network is being deleted', podRequest('going'), 'unmanaged'],
    ['an update', podRequest('proj', { operation: 'UPDATE' }), 'ignored'],
    ['a subresource', podRequest('proj', { subResource: 'ephemeralcontainers' }), 'ignored'],
    ['another kind', podRequest('proj', { kind: { group: 'apps', version: 'v1', kind: 'Deployment' } }), 'ignored'],
  ])('leaves %s alone', (_name, request, outcome) => {
    const result = admit(request);
    expect(result.outcome).toBe(outcome);
    expect(result.patch).toEqual([]);
  });

  it('needs no patch for a pod that already carries everything', () => {
    const object = {
      metadata: {
        labels: { 'sdn.kubesphere.io/workspace': 'ws', 'sdn.kubesphere.io/project': 'proj' },
        annotations: { 'kubernetes.io/ingress-bandwidth': '100M', 'sdn.kubesphere.io/vpc-id': 'calico-ws', 'sdn.kubesphere.io/subnet-id': 'tnc-proj' },
      },
    };
    expect(admit(podRequest('proj', { object })).outcome).toBe('unchanged');
  });
});

describe('what the protection webhook reads and answers', () => {
  it('parses who asks and the object before the write; a DELETE has no object', () => {
    const parsed = parseAdmissionReview(review(podRequest('proj', { operation: 'DELETE', object: null, oldObject: { metadata: { name: 'p' } }, userInfo: { username: 'alice', groups: ['g', 7] } })));
    expect(parsed.ok && parsed.request).toMatchObject({ operation: 'DELETE', oldObject: { metadata: { name: 'p' } }, userInfo: { username: 'alice', groups: ['g'] } });
    expect(parsed.ok && 'object' in parsed.request).toBe(false);
  });

  it('refuses with the status code and message the client sees', () => {
    expect(admissionDenial('u-1', 403, 'no')).toEqual({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: 'u-1', allowed: false, status: { code: 403, reason: 'Forbidden', message: 'no' } } });
  });
});
