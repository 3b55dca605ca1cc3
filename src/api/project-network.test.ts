import { describe, expect, it } from '@jest/globals';
import { validateAgainstSchema } from './schema/validate.test-support.js';
import {
  projectNetworkCrd,
  projectNetworkSpecWithDefaults,
  type ProjectNetwork,
  type ProjectNetworkSpec,
} from './project-network.js';

const rootSchema = projectNetworkCrd.spec.versions[0]?.schema.openAPIV3Schema ?? {};

const valid: ProjectNetwork = {
  apiVersion: 'sdn.kubesphere.io/v1alpha1',
  kind: 'ProjectNetwork',
  metadata: { name: 'shop-dev' },
  spec: { workspace: 'team-a', cidr: '10.128.3.0/24', isolation: 'Isolated', bandwidth: { egress: '50M' } },
  status: {
    phase: 'Ready',
    cidr: '10.128.3.0/24',
    gateway: '10.128.3.1',
    subnetId: 'vxnet-xyz',
    vpcId: 'rtr-abc',
    traffic: { ingressBytesPerSecond: 1250, egressBytesPerSecond: 0, sampledAt: '2025-01-02T03:04:05.123Z' },
    foreignPolicies: 2,
    observedGeneration: 1,
    conditions: [{ type: 'SubnetProvisioned', status: 'False', reason: 'NoAvailableSubnet', message: 'VPC 10.128.0.0/16 is full', lastTransitionTime: '2025-01-02T03:04:05Z' }],
  },
};

function withStatus(status: Record<string, unknown>): unknown {
  return { ...valid, status: { ...valid.status, ...status } };
}

describe('ProjectNetwork schema', () => {
  it('accepts a complete object and the smallest one', () => {
    expect(validateAgainstSchema(rootSchema, valid)).toEqual([]);
    expect(validateAgainstSchema(rootSchema, { ...valid, spec: { workspace: 'team-a' }, status: undefined })).toEqual([]);
  });

  it.each<[string, unknown, string]>([
    ['a missing workspace', { ...valid, spec: {} }, 'spec'],
    ['an unknown isolation mode', { ...valid, spec: { ...valid.spec, isolation: 'Strict' } }, 'spec.isolation'],
    ['a malformed CIDR', { ...valid, spec: { ...valid.spec, cidr: '10.128.3/24' } }, 'spec.cidr'],
    ['a bandwidth below kubelet syntax', { ...valid, spec: { ...valid.spec, bandwidth: { ingress: '10 M' } } }, 'spec.bandwidth.ingress'],
    ['a gateway that is not an IPv4 address', withStatus({ gateway: '10.128.3.1/24' }), 'status.gateway'],
    ['an empty subnet id', withStatus({ subnetId: '' }), 'status.subnetId'],
    ['negative traffic', withStatus({ traffic: { ingressBytesPerSecond: -1, egressBytesPerSecond: 0, sampledAt: '2025-01-02T03:04:05Z' } }), 'status.traffic.ingressBytesPerSecond'],
    ['fractional traffic', withStatus({ traffic: { ingressBytesPerSecond: 1.5, egressBytesPerSecond: 0, sampledAt: '2025-01-02T03:04:05Z' } }), 'status.traffic.ingressBytesPerSecond'],
    ['traffic without a sample time', withStatus({ traffic: { ingressBytesPerSecond: 1, egressBytesPerSecond: 0 } }), 'status.traffic'],
    ['a negative foreign policy count', withStatus({ foreignPolicies: -1 }), 'status.foreignPolicies'],
  ])('rejects %s', (_name, object, path) => {
    expect(validateAgainstSchema(rootSchema, object).map((violation) => violation.path)).toContain(path);
  });
});

describe('projectNetworkSpecWithDefaults', () => {
  it.each<[ProjectNetworkSpec, ReturnType<typeof projectNetworkSpecWithDefaults>]>([
    [{ workspace: 'a' }, { workspace: 'a', isolation: 'Inherit' }],
    [{ workspace: 'a', isolation: 'Isolated', cidr: '10.0.1.0/24' }, { workspace: 'a', isolation: 'Isolated', cidr: '10.0.1.0/24' }],
    [{ workspace: 'a', bandwidth: {} }, { workspace: 'a', isolation: 'Inherit', bandwidth: {} }],
  ])('%j', (spec, expected) => {
    expect(projectNetworkSpecWithDefaults(spec)).toEqual(expected);
  });
});
