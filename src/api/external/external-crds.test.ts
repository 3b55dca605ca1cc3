import { describe, expect, it } from '@jest/globals';
import { validateAgainstSchema } from '../schema/validate.test-support.js';
import { withSchemaDefaults } from '../schema/defaults.js';
import { ipamBlockCrd, type IPAMBlock } from './calico-ipamblock.js';
import { ipPoolCrd, ipPoolCrdV328, ipPoolSpecSchema, type IPPool } from './calico-ippool.js';
import { vxNetPoolCrd, type VxNetPool } from './hostnic-vxnetpool.js';
import { workspaceCrd, type Workspace } from './kubesphere-workspace.js';

function versionSchema(version: string) {
  const found = workspaceCrd.spec.versions.find((candidate) => candidate.name === version);
  if (found === undefined) throw new Error(`no version ${version}`);
  return found.schema.openAPIV3Schema;
}

describe('KubeSphere Workspace CRD', () => {
  it('serves v1alpha1 (deprecated) and stores v1beta1, cluster-scoped, without a status subresource', () => {
    expect(workspaceCrd.spec.versions.map((v) => [v.name, v.served, v.storage, v.deprecated ?? false])).toEqual([
      ['v1alpha1', true, false, true],
      ['v1beta1', true, true, false],
    ]);
    expect(workspaceCrd.spec.scope).toBe('Cluster');
    expect(workspaceCrd.spec.versions.some((v) => v.subresources !== undefined)).toBe(false);
  });

  it.each<[string, Workspace]>([
    ['v1beta1', { apiVersion: 'tenant.kubesphere.io/v1beta1', kind: 'Workspace', metadata: { name: 'ws' }, spec: { manager: 'admin' } }],
    ['v1beta1', { apiVersion: 'tenant.kubesphere.io/v1beta1', kind: 'Workspace', metadata: { name: 'ws' } }],
    ['v1alpha1', { apiVersion: 'tenant.kubesphere.io/v1alpha1', kind: 'Workspace', metadata: { name: 'ws' }, spec: { manager: 'admin', networkIsolation: true }, status: {} }],
  ])('accepts a %s workspace', (version, workspace) => {
    expect(validateAgainstSchema(versionSchema(version), workspace)).toEqual([]);
  });

  it('knows networkIsolation only in v1alpha1, as upstream does', () => {
    const spec = { manager: 'admin', networkIsolation: true };
    expect(validateAgainstSchema(versionSchema('v1alpha1'), { spec })).toEqual([]);
    expect(validateAgainstSchema(versionSchema('v1beta1'), { spec }).map((v) => v.path)).toEqual(['spec.networkIsolation']);
  });
});

describe('Calico IPPool CRD', () => {
  const rootSchema = ipPoolCrd.spec.versions[0]?.schema.openAPIV3Schema ?? {};
  const pool: IPPool = {
    apiVersion: 'crd.projectcalico.org/v1',
    kind: 'IPPool',
    metadata: { name: 'tnc-shop-dev' },
    spec: {
      cidr: '10.128.3.0/24',
      blockSize: 28,
      ipipMode: 'Never',
      vxlanMode: 'CrossSubnet',
      natOutgoing: true,
      disabled: false,
      disableBGPExport: false,
      nodeSelector: '!all()',
      namespaceSelector: 'kubernetes.io/metadata.name == "shop-dev"',
      allowedUses: ['Workload'],
      assignmentMode: 'Manual',
    },
  };

  it('accepts a pool with every field the controller writes', () => {
    expect(validateAgainstSchema(rootSchema, pool)).toEqual([]);
  });

  it('accepts the deprecated APIv1 fields upstream still declares', () => {
    expect(validateAgainstSchema(rootSchema, { ...pool, spec: { cidr: '10.0.0.0/24', ipip: { enabled: true, mode: 'always' }, 'nat-outgoing': true } })).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a missing cidr', { blockSize: 26 }, 'spec'],
    ['an unknown encapsulation mode', { cidr: '10.0.0.0/24', ipipMode: 'Sometimes' }, 'spec.ipipMode'],
    ['a block size above 128', { cidr: '10.0.0.0/24', blockSize: 129 }, 'spec.blockSize'],
    ['an unknown allowed use', { cidr: '10.0.0.0/24', allowedUses: ['Everything'] }, 'spec.allowedUses[0]'],
    ['a duplicate allowed use', { cidr: '10.0.0.0/24', allowedUses: ['Workload', 'Workload'] }, 'spec.allowedUses'],
    ['an unknown assignment mode', { cidr: '10.0.0.0/24', assignmentMode: 'Sometimes' }, 'spec.assignmentMode'],
  ])('rejects %s', (_name, spec, path) => {
    expect(validateAgainstSchema(rootSchema, { ...pool, spec }).map((v) => v.path)).toContain(path);
  });

  it('defaults assignmentMode to Automatic, as newer Calico does', () => {
    expect(withSchemaDefaults(ipPoolSpecSchema, { cidr: '10.0.0.0/24' })).toEqual({ cidr: '10.0.0.0/24', assignmentMode: 'Automatic' });
  });
});

const specFields = (crd: typeof ipPoolCrd): string[] => Object.keys(crd.spec.versions[0]?.schema.openAPIV3Schema.properties?.spec?.properties ?? {}).sort();

describe('Calico IPPool CRD flavours', () => {
  it("3.28 declares exactly upstream 3.28's spec fields; >= 3.30 adds namespaceSelector and assignmentMode", () => {
    const v328 = ['allowedUses', 'blockSize', 'cidr', 'disableBGPExport', 'disabled', 'ipip', 'ipipMode', 'nat-outgoing', 'natOutgoing', 'nodeSelector', 'vxlanMode'];
    expect(specFields(ipPoolCrdV328)).toEqual(v328);
    expect(specFields(ipPoolCrd)).toEqual([...v328, 'assignmentMode', 'namespaceSelector'].sort());
    expect(ipPoolCrdV328.metadata.name).toBe(ipPoolCrd.metadata.name);
  });
});

describe('Calico IPAMBlock CRD', () => {
  const schema = ipamBlockCrd.spec.versions[0]?.schema.openAPIV3Schema ?? {};
  const block: IPAMBlock = {
    apiVersion: 'crd.projectcalico.org/v1',
    kind: 'IPAMBlock',
    metadata: { name: '10-128-3-0-28' },
    spec: {
      cidr: '10.128.3.0/28',
      affinity: 'host:node-1',
      allocations: [0, null, 1, ...Array<null>(13).fill(null)],
      attributes: [{ handle_id: 'k8s-pod-network.abc', secondary: { namespace: 'shop', pod: 'web-1', node: 'node-1' } }, { handle_id: 'k8s-pod-network.def' }],
      unallocated: [1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
      sequenceNumber: 7,
      sequenceNumberForAllocation: { '0': 3, '2': 6 },
      strictAffinity: false,
    },
  };

  it('accepts a block as Calico IPAM writes it, null allocations included', () => {
    expect(validateAgainstSchema(schema, block)).toEqual([]);
  });

  it("requires the fields upstream requires", () => {
    expect(ipamBlockCrd.spec.versions[0]?.schema.openAPIV3Schema.properties?.spec?.required).toEqual(['allocations', 'attributes', 'cidr', 'sequenceNumber', 'strictAffinity', 'unallocated']);
    expect(validateAgainstSchema(schema, { ...block, spec: { cidr: '10.0.0.0/28' } }).map((v) => v.path)).toContain('spec');
  });
});

describe('hostnic VxNetPool CRD', () => {
  const version = vxNetPoolCrd.spec.versions[0];
  const schema = version?.schema.openAPIV3Schema ?? {};
  const pool: VxNetPool = {
    apiVersion: 'network.qingcloud.com/v1alpha1',
    kind: 'VxNetPool',
    metadata: { name: 'v-pool' },
    spec: { blockSize: 26, vxnets: [{ name: 'vxnet-abc' }] },
    status: { ready: true, pools: [{ name: 'vxnet-abc', ippool: 'vxnet-abc', subnets: ['4100-172-16-3-0-26'] }] },
  };

  it('is cluster-scoped v1alpha1 with a status subresource, and accepts a pool as hostnic reports it', () => {
    expect([vxNetPoolCrd.spec.scope, version?.name, version?.subresources]).toEqual(['Cluster', 'v1alpha1', { status: {} }]);
    expect(validateAgainstSchema(schema, pool)).toEqual([]);
  });

  it('requires blockSize and vxnets, and a name for each vxnet', () => {
    expect(validateAgainstSchema(schema, { ...pool, spec: { vxnets: [] } }).map((v) => v.path)).toContain('spec');
    expect(validateAgainstSchema(schema, { ...pool, spec: { blockSize: 26, vxnets: [{}] } }).map((v) => v.path)).toContain('spec.vxnets[0]');
  });
});
