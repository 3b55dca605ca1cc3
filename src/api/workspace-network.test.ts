import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { WORKSPACE_NAME_PATTERN } from './names.js';
import { PROVIDER_NAMES } from '../providers/registry.js';
import { validateAgainstSchema } from './schema/validate.test-support.js';
import {
  INTRA_WORKSPACE_POLICIES,
  workspaceNetworkCrd,
  workspaceNetworkSpecSchema,
  workspaceNetworkSpecWithDefaults,
  type WorkspaceNetwork,
  type WorkspaceNetworkSpec,
} from './workspace-network.js';

const rootSchema = workspaceNetworkCrd(PROVIDER_NAMES).spec.versions[0]?.schema.openAPIV3Schema ?? {};

const valid: WorkspaceNetwork = {
  apiVersion: 'sdn.kubesphere.io/v1alpha1',
  kind: 'WorkspaceNetwork',
  metadata: { name: 'team-a' },
  spec: {
    workspace: 'team-a',
    provider: 'qingcloud',
    cidr: '172.16.0.0/16',
    subnetPrefixLength: 24,
    intraWorkspace: 'Deny',
    bandwidth: { ingress: '100M', egress: '1.5Gi' },
  },
  status: {
    phase: 'Ready',
    provider: 'qingcloud',
    cidr: '172.16.0.0/16',
    vpcId: 'rtr-abc123',
    projects: 25,
    observedGeneration: 3,
    conditions: [
      { type: 'Ready', status: 'True', reason: 'Provisioned', message: '', lastTransitionTime: '2025-01-02T03:04:05Z', observedGeneration: 3 },
      { type: 'VPCProvisioned', status: 'True', reason: 'RouterActive', message: 'router rtr-abc123 active', lastTransitionTime: '2025-01-02T03:04:05Z' },
    ],
  },
};

function withSpec(spec: Partial<Record<keyof WorkspaceNetworkSpec, unknown>>): unknown {
  return { ...valid, spec: { ...valid.spec, ...spec } };
}

function withStatus(status: Record<string, unknown>): unknown {
  return { ...valid, status: { ...valid.status, ...status } };
}

describe('WorkspaceNetwork schema', () => {
  it('accepts a complete object', () => {
    expect(validateAgainstSchema(rootSchema, valid)).toEqual([]);
  });

  it('accepts the smallest spec', () => {
    expect(validateAgainstSchema(rootSchema, { ...valid, spec: { workspace: 'a' }, status: undefined })).toEqual([]);
  });

  it.each<[string, unknown, string]>([
    ['a missing spec', { ...valid, spec: undefined }, '<root>'],
    ['a missing workspace', { ...valid, spec: { cidr: '10.0.0.0/16' } }, 'spec'],
    ['an upper-case workspace', withSpec({ workspace: 'Team-A' }), 'spec.workspace'],
    ['a workspace longer than a label value', withSpec({ workspace: 'a'.repeat(64) }), 'spec.workspace'],
    ['an unknown provider', withSpec({ provider: 'aws' }), 'spec.provider'],
    ['a CIDR without prefix', withSpec({ cidr: '10.0.0.0' }), 'spec.cidr'],
    ['a CIDR with a prefix above 32', withSpec({ cidr: '10.0.0.0/33' }), 'spec.cidr'],
    ['a CIDR with an octet above 255', withSpec({ cidr: '10.256.0.0/16' }), 'spec.cidr'],
    ['a CIDR with leading zeros', withSpec({ cidr: '10.01.0.0/16' }), 'spec.cidr'],
    ['an IPv6 CIDR', withSpec({ cidr: 'fd00::/64' }), 'spec.cidr'],
    ['a subnet prefix below 16', withSpec({ subnetPrefixLength: 15 }), 'spec.subnetPrefixLength'],
    ['a subnet prefix above 29', withSpec({ subnetPrefixLength: 30 }), 'spec.subnetPrefixLength'],
    ['an unknown intraWorkspace policy', withSpec({ intraWorkspace: 'Maybe' }), 'spec.intraWorkspace'],
    ['a bandwidth with a unit name', withSpec({ bandwidth: { ingress: '100Mbps' } }), 'spec.bandwidth.ingress'],
    ['a negative bandwidth', withSpec({ bandwidth: { egress: '-1M' } }), 'spec.bandwidth.egress'],
    ['a bandwidth given as a number', withSpec({ bandwidth: { egress: 100 } }), 'spec.bandwidth.egress'],
    ['an unknown phase', withStatus({ phase: 'Done' }), 'status.phase'],
    ['a negative project count', withStatus({ projects: -1 }), 'status.projects'],
    ['a condition status other than True/False/Unknown', withStatus({ conditions: [{ type: 'Ready', status: 'Yes', reason: 'X', message: '', lastTransitionTime: '2025-01-02T03:04:05Z' }] }), 'status.conditions[0].status'],
    ['a condition reason that is not CamelCase-ish', withStatus({ conditions: [{ type: 'Ready', status: 'True', reason: 'no spaces allowed', message: '', lastTransitionTime: '2025-01-02T03:04:05Z' }] }), 'status.conditions[0].reason'],
    ['a condition without lastTransitionTime', withStatus({ conditions: [{ type: 'Ready', status: 'True', reason: 'X', message: '' }] }), 'status.conditions[0]'],
    [
      'two conditions of the same type',
      withStatus({
        conditions: [
          { type: 'Ready', status: 'True', reason: 'X', message: '', lastTransitionTime: '2025-01-02T03:04:05Z' },
          { type: 'Ready', status: 'False', reason: 'Y', message: '', lastTransitionTime: '2025-01-02T03:04:05Z' },
        ],
      }),
      'status.conditions',
    ],
  ])('rejects %s', (_name, object, path) => {
    expect(validateAgainstSchema(rootSchema, object).map((violation) => violation.path)).toContain(path);
  });
});

describe('workspaceNetworkSpecWithDefaults', () => {
  it.each<[string, WorkspaceNetworkSpec, ReturnType<typeof workspaceNetworkSpecWithDefaults>]>([
    ['fills every default', { workspace: 'a' }, { workspace: 'a', provider: 'calico', subnetPrefixLength: 24, intraWorkspace: 'Allow' }],
    [
      'keeps what is set',
      { workspace: 'a', provider: 'qingcloud', subnetPrefixLength: 26, intraWorkspace: 'Deny', cidr: '10.0.0.0/16' },
      { workspace: 'a', provider: 'qingcloud', subnetPrefixLength: 26, intraWorkspace: 'Deny', cidr: '10.0.0.0/16' },
    ],
  ])('%s', (_name, spec, expected) => {
    expect(workspaceNetworkSpecWithDefaults(spec, 'calico')).toEqual(expected);
  });

  const specs: fc.Arbitrary<WorkspaceNetworkSpec> = fc.record(
    {
      workspace: fc.stringMatching(new RegExp(WORKSPACE_NAME_PATTERN, 'u')).filter((name) => name.length <= 63),
      provider: fc.constantFrom(...PROVIDER_NAMES),
      subnetPrefixLength: fc.integer({ min: 16, max: 29 }),
      intraWorkspace: fc.constantFrom(...INTRA_WORKSPACE_POLICIES),
      bandwidth: fc.record({ ingress: fc.constantFrom('1k', '100M', '10Gi') }, { requiredKeys: [] }),
    },
    { requiredKeys: ['workspace'] },
  );

  it('always yields a valid, complete spec and is idempotent', () => {
    fc.assert(
      fc.property(specs, fc.constantFrom(...PROVIDER_NAMES), (spec, controllerDefault) => {
        const defaulted = workspaceNetworkSpecWithDefaults(spec, controllerDefault);
        expect(validateAgainstSchema(workspaceNetworkSpecSchema.openApi, defaulted)).toEqual([]);
        expect(workspaceNetworkSpecWithDefaults(defaulted, controllerDefault)).toEqual(defaulted);
        expect(defaulted.provider).toBe(spec.provider ?? controllerDefault);
      }),
      { numRuns: 200 },
    );
  });
});
