import { describe, expect, it } from '@jest/globals';
import { snapshotGraph } from '../model-input.js';
import { condition, namespace, projectNetwork, sampleSnapshot, snapshotOf, workspaceNetwork, workspaceObject } from '../snapshot.test-support.js';
import { statusReport } from '../status-report.js';
import { renderStatusText } from './status-text.js';
import { createStyle } from './style.js';

const PLAIN = createStyle(false);

describe('renderStatusText', () => {
  it('prints the three tables and a summary for a healthy cluster', () => {
    const s = sampleSnapshot();
    const text = renderStatusText(statusReport(s, snapshotGraph(s)), PLAIN);
    expect(text.split('\n')).toEqual([
      'WORKSPACE  PROVIDER  VPC CIDR       VPC ID         INTRA  PROJECTS  PHASE',
      'bank       calico    10.129.0.0/16  10.129.0.0-16  Deny   2         Ready',
      'shop       calico    10.128.0.0/16  10.128.0.0-16  Allow  3         Ready',
      '',
      'PROJECT  WORKSPACE  SUBNET         GATEWAY     SUBNET ID   ISOLATION  PHASE',
      'audit    bank       10.129.1.0/24  10.129.1.1  tnc-audit   Inherit    Ready',
      'ledger   bank       10.129.0.0/24  10.129.0.1  tnc-ledger  Inherit    Ready',
      'api      shop       10.128.1.0/24  10.128.1.1  tnc-api     Inherit    Ready',
      'db       shop       10.128.2.0/24  10.128.2.1  tnc-db      Isolated   Ready',
      'web      shop       10.128.0.0/24  10.128.0.1  tnc-web     Inherit    Ready',
      '',
      'CONNECTION  FROM   TO      DIRECTION  PORTS     PHASE',
      'api.ledger  api    ledger  both       TCP/8443  Ready',
      'audit.db    audit  db      one-way    all       Ready',
      '',
      'Everything is Ready: 2 workspaces, 5 projects, 2 connections.',
      '',
    ]);
  });

  it('lists what is not Ready with reason and message, and dashes for unknown fields', () => {
    const s = snapshotOf({
      namespaces: [namespace('a', 'w', { isolatedByAnnotation: true })],
      workspaces: [workspaceObject('w')],
      workspaceNetworks: [workspaceNetwork('w', { status: { phase: 'Failed', conditions: [condition('False', 'NoAvailableVPCRange', 'pool full')] } })],
      projectNetworks: [projectNetwork('a', 'w', { status: { phase: 'Pending', conditions: [condition('False', 'WaitingForWorkspace', 'workspace w has no ready VPC yet')] } })],
    });
    const text = renderStatusText(statusReport(s, snapshotGraph(s)), PLAIN);
    expect(text).toContain('w          -         -         -       Allow  1         Failed');
    expect(text).toContain('a        w          -       -        -          Isolated (annotation)  Pending');
    expect(text).toContain([
      'Not ready (2):',
      '  OBJECT              PHASE    REASON',
      '  WorkspaceNetwork/w  Failed   NoAvailableVPCRange: pool full',
      '  ProjectNetwork/a    Pending  WaitingForWorkspace: workspace w has no ready VPC yet',
    ].join('\n'));
    expect(text).not.toContain('CONNECTION');
  });

  it('says so when there is nothing, and colours phases on a terminal', () => {
    const empty = snapshotOf({});
    expect(renderStatusText(statusReport(empty, snapshotGraph(empty)), PLAIN)).toBe('No workspaces.\n\nNo projects.\n\nEverything is Ready: 0 workspaces, 0 projects, 0 connections.\n');
    const s = sampleSnapshot();
    const coloured = renderStatusText(statusReport(s, snapshotGraph(s)), createStyle(true));
    expect(coloured).toContain('\u001b[32mReady\u001b[0m');
    expect(coloured.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '')).toBe(renderStatusText(statusReport(s, snapshotGraph(s)), PLAIN));
  });
});
