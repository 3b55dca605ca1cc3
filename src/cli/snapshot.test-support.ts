// Builders of live-looking objects for the CLI's unit tests (not used by production code).
import { API_GROUP_VERSION, KIND_PROJECT_CONNECTION, KIND_PROJECT_NETWORK, KIND_WORKSPACE_NETWORK, KS_ANNOTATION_NETWORK_ISOLATE, KS_LABEL_WORKSPACE } from '../api/constants.js';
import type { Bandwidth } from '../api/bandwidth.js';
import type { Condition } from '../api/conditions.js';
import type { ConnectionPort } from '../api/project-connection.js';
import type { ProjectNetworkStatus } from '../api/project-network.js';
import type { WorkspaceNetworkStatus } from '../api/workspace-network.js';
import type { KubeObject } from '../kube/kube-client.js';
import { DEFAULT_SETTINGS, type ControllerSettings } from './controller-settings.js';
import type { ClusterSnapshot, ProjectConnectionObject, ProjectNetworkObject, WorkspaceNetworkObject } from './snapshot.js';

export const TEST_SYSTEM_NAMESPACES = ['kube-system', 'tenant-network-system'];

export function namespace(name: string, workspace?: string, options: { isolatedByAnnotation?: boolean; deleting?: boolean } = {}): KubeObject {
  return {
    metadata: {
      name,
      ...(workspace === undefined ? {} : { labels: { [KS_LABEL_WORKSPACE]: workspace } }),
      ...(options.isolatedByAnnotation === true ? { annotations: { [KS_ANNOTATION_NETWORK_ISOLATE]: 'enabled' } } : {}),
      ...(options.deleting === true ? { deletionTimestamp: '2024-01-01T00:00:00Z' } : {}),
    },
  };
}

export function workspaceObject(name: string, options: { deleting?: boolean } = {}): KubeObject {
  return { metadata: { name, ...(options.deleting === true ? { deletionTimestamp: '2024-01-01T00:00:00Z' } : {}) } };
}

export function condition(status: Condition['status'], reason: string, message = '', type = 'Ready'): Condition {
  return { type, status, reason, message, lastTransitionTime: '2024-01-01T00:00:00Z' };
}

export function workspaceNetwork(name: string, options: { intra?: 'Allow' | 'Deny'; status?: WorkspaceNetworkStatus; deleting?: boolean; bandwidth?: Bandwidth } = {}): WorkspaceNetworkObject {
  return {
    apiVersion: API_GROUP_VERSION,
    kind: KIND_WORKSPACE_NETWORK,
    metadata: { name, uid: `uid-wsn-${name}`, ...(options.deleting === true ? { deletionTimestamp: new Date('2024-01-01T00:00:00Z') } : {}) },
    spec: { workspace: name, ...(options.intra === undefined ? {} : { intraWorkspace: options.intra }), ...(options.bandwidth === undefined ? {} : { bandwidth: options.bandwidth }) },
    ...(options.status === undefined ? {} : { status: options.status }),
  };
}

export function projectNetwork(name: string, workspace: string, options: { isolation?: 'Inherit' | 'Isolated'; status?: ProjectNetworkStatus; bandwidth?: Bandwidth } = {}): ProjectNetworkObject {
  return {
    apiVersion: API_GROUP_VERSION,
    kind: KIND_PROJECT_NETWORK,
    metadata: { name, uid: `uid-pjn-${name}` },
    spec: { workspace, ...(options.isolation === undefined ? {} : { isolation: options.isolation }), ...(options.bandwidth === undefined ? {} : { bandwidth: options.bandwidth }) },
    ...(options.status === undefined ? {} : { status: options.status }),
  };
}

export function projectConnection(name: string, from: string, to: string, options: { bidirectional?: boolean; ports?: ConnectionPort[]; ready?: boolean; deleting?: boolean } = {}): ProjectConnectionObject {
  return {
    apiVersion: API_GROUP_VERSION,
    kind: KIND_PROJECT_CONNECTION,
    metadata: { name, uid: `uid-pjc-${name}`, ...(options.deleting === true ? { deletionTimestamp: new Date('2024-01-01T00:00:00Z') } : {}) },
    spec: {
      from: { project: from },
      to: { project: to },
      ...(options.bidirectional === undefined ? {} : { bidirectional: options.bidirectional }),
      ...(options.ports === undefined ? {} : { ports: options.ports }),
    },
    ...(options.ready === undefined ? {} : { status: { phase: options.ready ? 'Ready' : 'Pending', conditions: [options.ready ? condition('True', 'Applied') : condition('False', 'ProjectNotFound', 'not a project: ghost')] } }),
  };
}

export function snapshotOf(parts: Partial<Omit<ClusterSnapshot, 'settings'>> & { systemNamespaces?: readonly string[]; settings?: Partial<ControllerSettings> }): ClusterSnapshot {
  return {
    namespaces: parts.namespaces ?? [],
    workspaces: parts.workspaces ?? [],
    workspaceNetworks: parts.workspaceNetworks ?? [],
    projectNetworks: parts.projectNetworks ?? [],
    connections: parts.connections ?? [],
    settings: { ...DEFAULT_SETTINGS, systemNamespaces: parts.systemNamespaces ?? TEST_SYSTEM_NAMESPACES, ...parts.settings },
  };
}

export const READY_WSN = (cidr: string, vpcId: string): WorkspaceNetworkStatus => ({ phase: 'Ready', provider: 'calico', cidr, vpcId, conditions: [condition('True', 'Provisioned')] });
export const READY_PJN = (cidr: string, gateway: string, subnetId: string, traffic?: [number, number]): ProjectNetworkStatus => ({
  phase: 'Ready',
  cidr,
  gateway,
  subnetId,
  ...(traffic === undefined ? {} : { traffic: { ingressBytesPerSecond: traffic[0], egressBytesPerSecond: traffic[1], sampledAt: SAMPLED_AT } }),
  conditions: [condition('True', 'Provisioned')],
});

/** When the sample's traffic figures were taken; SAMPLE_NOW is two minutes later. */
export const SAMPLED_AT = '2024-01-01T00:00:00Z';
export const SAMPLE_NOW = new Date('2024-01-01T00:02:00Z');

/**
 * A small cluster: workspace `shop` (web, api, db; db isolated) with intra Allow, workspace `bank`
 * (ledger, audit) with intra Deny, a port-limited connection api <-> ledger, a one-way audit -> db,
 * plus kube-system and an unmanaged namespace. Shop limits its pods to 100M in, 50M out; db lowers
 * its egress to 10M. Traffic was sampled for web, api and ledger.
 */
export function sampleSnapshot(): ClusterSnapshot {
  return snapshotOf({
    namespaces: [namespace('web', 'shop'), namespace('api', 'shop'), namespace('db', 'shop'), namespace('ledger', 'bank'), namespace('audit', 'bank'), namespace('kube-system'), namespace('default')],
    workspaces: [workspaceObject('shop'), workspaceObject('bank')],
    workspaceNetworks: [
      workspaceNetwork('shop', { status: READY_WSN('10.128.0.0/16', '10.128.0.0-16'), bandwidth: { ingress: '100M', egress: '50M' } }),
      workspaceNetwork('bank', { intra: 'Deny', status: READY_WSN('10.129.0.0/16', '10.129.0.0-16') }),
    ],
    projectNetworks: [
      projectNetwork('web', 'shop', { status: READY_PJN('10.128.0.0/24', '10.128.0.1', 'tnc-web', [1_250_000, 310_000]) }),
      projectNetwork('api', 'shop', { status: READY_PJN('10.128.1.0/24', '10.128.1.1', 'tnc-api', [52_000, 9_800_000]) }),
      projectNetwork('db', 'shop', { isolation: 'Isolated', bandwidth: { egress: '10M' }, status: READY_PJN('10.128.2.0/24', '10.128.2.1', 'tnc-db') }),
      projectNetwork('ledger', 'bank', { status: READY_PJN('10.129.0.0/24', '10.129.0.1', 'tnc-ledger', [0, 0]) }),
      projectNetwork('audit', 'bank', { status: READY_PJN('10.129.1.0/24', '10.129.1.1', 'tnc-audit') }),
    ],
    connections: [projectConnection('api.ledger', 'api', 'ledger', { ports: [{ port: 8443 }], ready: true }), projectConnection('audit.db', 'audit', 'db', { bidirectional: false, ready: true })],
  });
}
