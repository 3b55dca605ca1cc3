import { describe, expect, it } from '@jest/globals';
import { snapshotGraph } from './model-input.js';
import type { ClusterSnapshot } from './snapshot.js';
import { condition, namespace, projectConnection, projectNetwork, sampleSnapshot, snapshotOf, workspaceNetwork, workspaceObject } from './snapshot.test-support.js';
import { notReadyReason, statusReport } from './status-report.js';

const report = (snapshot: ClusterSnapshot, workspace?: string) => statusReport(snapshot, snapshotGraph(snapshot), workspace);

describe('statusReport', () => {
  it('lists workspaces, projects (by workspace) and connections of a healthy cluster with no problems', () => {
    const r = report(sampleSnapshot());
    expect(r.workspaces).toEqual([
      { name: 'bank', provider: 'calico', cidr: '10.129.0.0/16', vpcId: '10.129.0.0-16', intraWorkspace: 'Deny', projects: 2, bandwidth: {}, phase: 'Ready', reason: 'Provisioned' },
      { name: 'shop', provider: 'calico', cidr: '10.128.0.0/16', vpcId: '10.128.0.0-16', intraWorkspace: 'Allow', projects: 3, bandwidth: { ingress: '100M', egress: '50M' }, phase: 'Ready', reason: 'Provisioned' },
    ]);
    expect(r.projects.map((p) => [p.name, p.bandwidth, p.reason])).toEqual([
      ['audit', {}, 'Provisioned'],
      ['ledger', {}, 'Provisioned'],
      ['api', { ingress: '100M', egress: '50M' }, 'Provisioned'],
      ['db', { ingress: '100M', egress: '10M' }, 'Provisioned'],
      ['web', { ingress: '100M', egress: '50M' }, 'Provisioned'],
    ]);
    expect(r.projects.map((p) => `${p.workspace}/${p.name} ${p.cidr ?? ''} ${p.isolation}`)).toEqual([
      'bank/audit 10.129.1.0/24 Inherit',
      'bank/ledger 10.129.0.0/24 Inherit',
      'shop/api 10.128.1.0/24 Inherit',
      'shop/db 10.128.2.0/24 Isolated',
      'shop/web 10.128.0.0/24 Inherit',
    ]);
    expect(r.connections).toEqual([
      { name: 'api.ledger', from: 'api', to: 'ledger', bidirectional: true, ports: ['TCP/8443'], phase: 'Ready', reason: 'Applied' },
      { name: 'audit.db', from: 'audit', to: 'db', bidirectional: false, ports: [], phase: 'Ready', reason: 'Applied' },
    ]);
    expect(r.problems).toEqual([]);
  });

  it('limits the report to one workspace and the connections touching it', () => {
    const r = report(sampleSnapshot(), 'bank');
    expect(r.workspace).toBe('bank');
    expect(r.workspaces.map((w) => w.name)).toEqual(['bank']);
    expect(r.projects.map((p) => p.name)).toEqual(['audit', 'ledger']);
    expect(r.connections.map((c) => c.name)).toEqual(['api.ledger', 'audit.db']);
    expect(report(sampleSnapshot(), 'shop').connections.map((c) => c.name)).toEqual(['api.ledger', 'audit.db']);
  });

  it('explains everything that is not Ready', () => {
    const snapshot = snapshotOf({
      namespaces: [namespace('a', 'w'), namespace('b', 'w'), namespace('c', 'w', { isolatedByAnnotation: true }), namespace('d', 'v')],
      workspaces: [workspaceObject('w'), workspaceObject('v')],
      workspaceNetworks: [workspaceNetwork('w', { status: { phase: 'Failed', conditions: [condition('False', 'NoAvailableVPCRange', 'the pool 10.128.0.0/10 is full')] } })],
      projectNetworks: [
        projectNetwork('a', 'w', { status: { phase: 'Pending', conditions: [condition('False', 'WaitingForWorkspace', 'workspace w has no ready VPC yet')] } }),
        projectNetwork('c', 'w'),
      ],
      connections: [projectConnection('a.ghost', 'a', 'ghost', { ready: false })],
    });
    const r = report(snapshot);
    expect(r.problems).toEqual([
      { kind: 'Workspace', name: 'v', reason: 'NoWorkspaceNetwork', message: 'no WorkspaceNetwork yet (is the controller running?)' },
      { kind: 'WorkspaceNetwork', name: 'w', phase: 'Failed', reason: 'NoAvailableVPCRange', message: 'the pool 10.128.0.0/10 is full' },
      { kind: 'Namespace', name: 'd', reason: 'NoProjectNetwork', message: 'no ProjectNetwork yet (is the controller running?)' },
      { kind: 'ProjectNetwork', name: 'a', phase: 'Pending', reason: 'WaitingForWorkspace', message: 'workspace w has no ready VPC yet' },
      { kind: 'Namespace', name: 'b', reason: 'NoProjectNetwork', message: 'no ProjectNetwork yet (is the controller running?)' },
      { kind: 'ProjectNetwork', name: 'c', reason: 'NotReconciled', message: 'the controller has not processed it yet (is the controller running?)' },
      { kind: 'ProjectConnection', name: 'a.ghost', phase: 'Pending', reason: 'ProjectNotFound', message: 'not a project: ghost' },
    ]);
    expect(r.projects.find((p) => p.name === 'c')).toMatchObject({ isolation: 'Isolated', isolatedByAnnotation: true });
  });

  it('keeps showing a ProjectNetwork whose namespace stopped being a project', () => {
    const snapshot = snapshotOf({ workspaces: [workspaceObject('w')], projectNetworks: [projectNetwork('gone', 'w', { status: { phase: 'Deleting' } })] });
    expect(report(snapshot).projects.map((p) => `${p.name} ${p.phase ?? ''}`)).toEqual(['gone Deleting']);
  });
});

describe('notReadyReason', () => {
  const cases: [string, Parameters<typeof notReadyReason>[0], ReturnType<typeof notReadyReason>][] = [
    ['Ready=True', { status: { conditions: [condition('True', 'Provisioned')] } }, undefined],
    ['Ready=False', { status: { conditions: [condition('False', 'CIDROverlaps', 'taken by x')] } }, { reason: 'CIDROverlaps', message: 'taken by x' }],
    ['Ready=Unknown', { status: { conditions: [condition('Unknown', 'Checking')] } }, { reason: 'Checking', message: '' }],
    ['Ready but Degraded', { status: { conditions: [condition('True', 'Provisioned'), condition('True', 'Slow', 'api slow', 'Degraded')] } }, { reason: 'Slow', message: 'api slow' }],
    ['no conditions, being deleted', { metadata: { deletionTimestamp: 'x' } }, { reason: 'Deleting', message: 'being deleted' }],
    ['no status', {}, { reason: 'NotReconciled', message: 'the controller has not processed it yet (is the controller running?)' }],
  ];
  it.each(cases)('%s', (_, object, expected) => {
    expect(notReadyReason(object)).toEqual(expected);
  });
});
