import { describe, expect, it } from '@jest/globals';
import type { V1NetworkPolicyPeer } from '@kubernetes/client-node';
import { LABEL_MANAGED_BY, LABEL_NAMESPACE_NAME, LABEL_WORKSPACE } from '../api/constants.js';
import type { ConnectivityInput } from './model.js';
import { PROJECT_POLICY_NAME } from './metadata.js';
import { renderProjectPolicies } from './render.js';
import type { NetworkPolicy } from './wire.js';
import { connection, model, project, workspace } from './fixtures.test-support.js';

const inNames = (...values: string[]): V1NetworkPolicyPeer => ({
  namespaceSelector: { matchExpressions: [{ key: LABEL_NAMESPACE_NAME, operator: 'In', values }] },
});
const SYSTEM = inNames('kube-system', 'kubesphere-system');
const SELF: V1NetworkPolicyPeer = { podSelector: {} };
const wsPeer = (ws: string, ...isolated: string[]): V1NetworkPolicyPeer =>
  isolated.length === 0
    ? { namespaceSelector: { matchLabels: { [LABEL_WORKSPACE]: ws } } }
    : { namespaceSelector: { matchLabels: { [LABEL_WORKSPACE]: ws }, matchExpressions: [{ key: LABEL_NAMESPACE_NAME, operator: 'NotIn', values: isolated } ] } };
const OUTSIDE_DEFAULT: V1NetworkPolicyPeer[] = [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.244.0.0/16'] } }, { ipBlock: { cidr: '::/0' } }];

function only(policies: NetworkPolicy[]): NetworkPolicy {
  expect(policies).toHaveLength(1);
  const [policy] = policies;
  if (policy === undefined) throw new Error('no policy rendered');
  return policy;
}
const ingressOf = (p: NetworkPolicy) => p.spec.ingress ?? [];
const egressOf = (p: NetworkPolicy) => p.spec.egress ?? [];

describe('renderProjectPolicies', () => {
  it('renders the full policy of a project with an isolated sibling, connections and allowances', () => {
    const input = model({
      workspaces: [workspace('ws-a')],
      projects: [project('a1', 'ws-a'), project('a2', 'ws-a', true), project('b1', 'ws-b')],
      connections: [
        connection('b1', 'a1', { bidirectional: false, ports: [{ port: 8080 }, { protocol: 'UDP', port: 53 }] }),
        connection('a1', 'a2'),
      ],
      config: {
        podCidrs: ['10.244.0.0/16', 'fd00::/48', '10.233.64.0/18'],
        allowedIngressCIDRs: ['203.0.113.0/24'],
        allowedIngressNamespaces: ['ingress-nginx', 'b1'],
      },
    });
    const expected: NetworkPolicy = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: {
        name: 'tenant-network-isolation',
        namespace: 'a1',
        labels: { 'app.kubernetes.io/managed-by': 'tenant-network-controller' },
        ownerReferences: [
          { apiVersion: 'sdn.kubesphere.io/v1alpha1', kind: 'ProjectNetwork', name: 'a1', uid: 'uid-a1', controller: true, blockOwnerDeletion: false },
        ],
      },
      spec: {
        podSelector: {},
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          { from: [SELF, SYSTEM, wsPeer('ws-a', 'a2'), inNames('ingress-nginx'), inNames('a2'), { ipBlock: { cidr: '203.0.113.0/24' } }] },
          { from: [inNames('b1')], ports: [{ protocol: 'TCP', port: 8080 }, { protocol: 'UDP', port: 53 }] },
        ],
        egress: [
          {
            to: [
              SELF,
              SYSTEM,
              wsPeer('ws-a', 'a2'),
              inNames('a2'),
              { ipBlock: { cidr: '0.0.0.0/0', except: ['10.233.64.0/18', '10.244.0.0/16'] } },
              { ipBlock: { cidr: '::/0', except: ['fd00::/48'] } },
            ],
          },
        ],
      },
    };
    expect(renderProjectPolicies(input, 'a1')).toStrictEqual([expected]);
  });

  const cases: { name: string; input: ConnectivityInput; project: string; check: (policy: NetworkPolicy) => void }[] = [
    {
      name: 'a non-isolated project of an Allow workspace admits the whole workspace',
      input: model({ workspaces: [workspace('ws')], projects: [project('p', 'ws'), project('q', 'ws')] }),
      project: 'p',
      check: (policy) => {
        expect(ingressOf(policy)).toStrictEqual([{ from: [SELF, SYSTEM, wsPeer('ws')] }]);
        expect(egressOf(policy)).toStrictEqual([{ to: [SELF, SYSTEM, wsPeer('ws'), ...OUTSIDE_DEFAULT] }]);
      },
    },
    {
      name: 'isolated members are excluded from the workspace peer, sorted',
      input: model({ projects: [project('p', 'ws'), project('z', 'ws', true), project('m', 'ws', true), project('x', 'other', true)] }),
      project: 'p',
      check: (policy) => {
        expect(ingressOf(policy)[0]?.from?.[2]).toStrictEqual(wsPeer('ws', 'm', 'z'));
        expect(egressOf(policy)[0]?.to?.[2]).toStrictEqual(wsPeer('ws', 'm', 'z'));
      },
    },
    {
      name: 'an isolated project has no workspace peer in either direction',
      input: model({ projects: [project('p', 'ws', true), project('q', 'ws')] }),
      project: 'p',
      check: (policy) => {
        expect(ingressOf(policy)).toStrictEqual([{ from: [SELF, SYSTEM] }]);
        expect(egressOf(policy)).toStrictEqual([{ to: [SELF, SYSTEM, ...OUTSIDE_DEFAULT] }]);
      },
    },
    {
      name: 'a Deny workspace has no workspace peer',
      input: model({ workspaces: [workspace('ws', 'Deny')], projects: [project('p', 'ws'), project('q', 'ws')] }),
      project: 'p',
      check: (policy) => {
        expect(ingressOf(policy)).toStrictEqual([{ from: [SELF, SYSTEM] }]);
      },
    },
    {
      name: 'a one-way connection opens egress at its source only (isolation does not block it)',
      input: model({ projects: [project('p', 'ws1', true), project('q', 'ws2', true)], connections: [connection('p', 'q', { bidirectional: false })] }),
      project: 'p',
      check: (policy) => {
        expect(ingressOf(policy)).toStrictEqual([{ from: [SELF, SYSTEM] }]);
        expect(egressOf(policy)).toStrictEqual([{ to: [SELF, SYSTEM, inNames('q'), ...OUTSIDE_DEFAULT] }]);
      },
    },
    {
      name: 'a one-way connection opens ingress at its destination only (isolation does not block it)',
      input: model({ projects: [project('p', 'ws1', true), project('q', 'ws2', true)], connections: [connection('p', 'q', { bidirectional: false })] }),
      project: 'q',
      check: (policy) => {
        expect(ingressOf(policy)).toStrictEqual([{ from: [SELF, SYSTEM, inNames('p')] }]);
        expect(egressOf(policy)).toStrictEqual([{ to: [SELF, SYSTEM, ...OUTSIDE_DEFAULT] }]);
      },
    },
    {
      name: 'a bidirectional connection with ports opens both directions on those ports only',
      input: model({
        projects: [project('p', 'ws1'), project('q', 'ws2')],
        connections: [connection('q', 'p', { ports: [{ protocol: 'SCTP', port: 9000, endPort: 9010 }, { port: 443 }] })],
      }),
      project: 'p',
      check: (policy) => {
        const ports = [{ protocol: 'SCTP', port: 9000, endPort: 9010 }, { protocol: 'TCP', port: 443 }];
        expect(ingressOf(policy)[1]).toStrictEqual({ from: [inNames('q')], ports });
        expect(egressOf(policy)[1]).toStrictEqual({ to: [inNames('q')], ports });
      },
    },
    {
      name: 'peers sharing a port set share one rule; port sets of one pair are merged',
      input: model({
        projects: [project('p', 'ws1'), project('q', 'ws2'), project('r', 'ws3'), project('s', 'ws4')],
        connections: [
          connection('r', 'p', { ports: [{ port: 80 }] }),
          connection('q', 'p', { ports: [{ port: 80 }] }),
          connection('s', 'p', { ports: [{ port: 81, endPort: 90 }] }),
          connection('s', 'p', { ports: [{ port: 80 }] }),
        ],
      }),
      project: 'p',
      check: (policy) => {
        expect(ingressOf(policy).slice(1)).toStrictEqual([
          { from: [inNames('q', 'r')], ports: [{ protocol: 'TCP', port: 80 }] },
          { from: [inNames('s')], ports: [{ protocol: 'TCP', port: 80, endPort: 90 }] },
        ]);
      },
    },
    {
      name: 'a pair connected on all ports by any connection is not port-limited',
      input: model({
        projects: [project('p', 'ws1', true), project('q', 'ws2', true)],
        connections: [connection('q', 'p', { ports: [{ port: 80 }] }), connection('p', 'q', { ports: [] })],
      }),
      project: 'p',
      check: (policy) => {
        expect(ingressOf(policy)).toStrictEqual([{ from: [SELF, SYSTEM, inNames('q')] }]);
      },
    },
    {
      name: 'connections naming non-projects (system, unknown, self) are ignored',
      input: model({
        projects: [project('p', 'ws1', true)],
        connections: [connection('p', 'kube-system'), connection('ghost', 'p'), connection('p', 'p')],
      }),
      project: 'p',
      check: (policy) => {
        expect(ingressOf(policy)).toStrictEqual([{ from: [SELF, SYSTEM] }]);
        expect(egressOf(policy)).toStrictEqual([{ to: [SELF, SYSTEM, ...OUTSIDE_DEFAULT] }]);
      },
    },
    {
      name: 'without egress isolation only ingress is restricted',
      input: model({ projects: [project('p', 'ws')], config: { egressIsolation: false } }),
      project: 'p',
      check: (policy) => {
        expect(policy.spec.policyTypes).toStrictEqual(['Ingress']);
        expect('egress' in policy.spec).toBe(false);
      },
    },
    {
      name: 'allowed ingress namespaces exclude projects and system namespaces; CIDRs are sorted ipBlocks',
      input: model({
        projects: [project('p', 'ws'), project('q', 'ws2')],
        config: { allowedIngressNamespaces: ['z-lb', 'q', 'kube-system', 'a-lb', 'z-lb'], allowedIngressCIDRs: ['198.51.100.0/24', '192.0.2.0/24'] },
      }),
      project: 'p',
      check: (policy) => {
        expect(ingressOf(policy)).toStrictEqual([
          { from: [SELF, SYSTEM, wsPeer('ws'), inNames('a-lb', 'z-lb'), { ipBlock: { cidr: '192.0.2.0/24' } }, { ipBlock: { cidr: '198.51.100.0/24' } }] },
        ]);
      },
    },
    {
      name: 'outside excepts every pod range, per family, sorted and deduplicated',
      input: model({ projects: [project('p', 'ws', true)], config: { podCidrs: ['fd00:2::/56', '10.244.0.0/16', 'fd00:1::/56', '10.0.0.0/8', '10.244.0.0/16'] } }),
      project: 'p',
      check: (policy) => {
        expect(egressOf(policy)[0]?.to?.slice(2)).toStrictEqual([
          { ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '10.244.0.0/16'] } },
          { ipBlock: { cidr: '::/0', except: ['fd00:1::/56', 'fd00:2::/56'] } },
        ]);
      },
    },
    {
      name: 'without system namespaces there is no system peer',
      input: model({ projects: [project('p', 'ws', true)], config: { systemNamespaces: [] } }),
      project: 'p',
      check: (policy) => {
        expect(ingressOf(policy)).toStrictEqual([{ from: [SELF] }]);
      },
    },
    {
      name: 'the managed-by label carries the configured controller name',
      input: model({ projects: [project('p', 'ws')], config: { controllerName: 'tnc-test' } }),
      project: 'p',
      check: (policy) => {
        expect(policy.metadata.labels).toStrictEqual({ [LABEL_MANAGED_BY]: 'tnc-test' });
        expect(policy.metadata.name).toBe(PROJECT_POLICY_NAME);
        expect(policy.metadata.ownerReferences[0]?.uid).toBe('uid-p');
      },
    },
  ];

  it.each(cases)('$name', ({ input, project: name, check }) => {
    const policy = only(renderProjectPolicies(input, name));
    expect(policy.metadata.namespace).toBe(name);
    check(policy);
  });

  it.each([
    { name: 'an unknown namespace', input: model({ projects: [project('p', 'ws')] }), namespace: 'nobody' },
    { name: 'a system namespace listed as a project', input: model({ projects: [project('kube-system', 'system-workspace')] }), namespace: 'kube-system' },
  ])('renders nothing for $name', ({ input, namespace }) => {
    expect(renderProjectPolicies(input, namespace)).toStrictEqual([]);
  });

  it('keeps one object and one rule per distinct port set however many projects connect', () => {
    const others = Array.from({ length: 200 }, (_, i) => project(`q${String(i).padStart(3, '0')}`, `ws${i}`));
    const input = model({
      projects: [project('p', 'ws'), ...others],
      connections: others.map((q, i) => connection(q.name, 'p', i % 2 === 0 ? { ports: [{ port: 5432 }] } : {})),
    });
    const policy = only(renderProjectPolicies(input, 'p'));
    expect(ingressOf(policy)).toHaveLength(2);
    expect(egressOf(policy)).toHaveLength(2);
  });

  describe('deniedEgressCIDRs', () => {
    const base = { workspaces: [workspace('ws-a')], projects: [project('a1', 'ws-a')] };
    it('keeps the denied ranges out of "outside", beside the pod ranges', () => {
      const policy = only(renderProjectPolicies(model({ ...base, config: { deniedEgressCIDRs: ['169.254.169.254/32', 'fd00:ec2::254/128'] } }), 'a1'));
      expect(egressOf(policy)[0]?.to?.slice(-2)).toEqual([
        { ipBlock: { cidr: '0.0.0.0/0', except: ['10.244.0.0/16', '169.254.169.254/32'] } },
        { ipBlock: { cidr: '::/0', except: ['fd00:ec2::254/128'] } },
      ]);
    });

    it('with egress otherwise open, still renders an Egress rule that allows everything else', () => {
      const policy = only(renderProjectPolicies(model({ ...base, config: { egressIsolation: false, deniedEgressCIDRs: ['169.254.169.254/32'] } }), 'a1'));
      expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
      expect(egressOf(policy)).toEqual([{ to: [{ namespaceSelector: {} }, { ipBlock: { cidr: '0.0.0.0/0', except: ['169.254.169.254/32'] } }, { ipBlock: { cidr: '::/0' } }] }]);
    });

    it('with egress open and nothing denied, renders no Egress at all', () => {
      const policy = only(renderProjectPolicies(model({ ...base, config: { egressIsolation: false } }), 'a1'));
      expect(policy.spec.policyTypes).toEqual(['Ingress']);
      expect(policy.spec.egress).toBeUndefined();
    });
  });
});
