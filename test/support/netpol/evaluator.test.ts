 
import { describe, expect, it } from '@jest/globals';
import type { V1NetworkPolicy, V1NetworkPolicySpec } from '@kubernetes/client-node';
import type { EvaluatorOptions, NamespaceInfo, PodEndpoint, Traffic, TrafficEndpoint, Verdict } from './index.js';
import { createEvaluator } from './index.js';

const namespace = (name: string, labels: Record<string, string> = {}): NamespaceInfo => ({ name, labels: { 'kubernetes.io/metadata.name': name, ...labels } });
const NAMESPACES = [namespace('a', { team: 'x' }), namespace('b', { team: 'y' }), namespace('c')];

const pod = (ns: string, labels: Record<string, string> = {}, extra: Partial<PodEndpoint> = {}): PodEndpoint => ({ kind: 'pod', namespace: ns, labels, ...extra });
const external = (ip: string): TrafficEndpoint => ({ kind: 'external', ip });
const TCP80: Traffic = { protocol: 'TCP', port: 80 };

const policy = (ns: string, name: string, spec: V1NetworkPolicySpec): V1NetworkPolicy => ({ metadata: { namespace: ns, name }, spec });
const DENY_ALL_INGRESS_B = policy('b', 'deny', { podSelector: {}, policyTypes: ['Ingress'] });

function verdict(policies: V1NetworkPolicy[], from: TrafficEndpoint, to: TrafficEndpoint, traffic = TCP80, options: EvaluatorOptions = {}): Verdict {
  const result = createEvaluator({ namespaces: NAMESPACES, policies }, options);
  if (!result.ok) throw new Error(result.problems.join('; '));
  return result.evaluator.evaluate(from, to, traffic);
}
function allowed(...args: Parameters<typeof verdict>): boolean {
  const v = verdict(...args);
  if (v.kind !== 'decided') throw new Error(v.reason);
  return v.allowed;
}

describe('createEvaluator: isolation', () => {
  it.each<[string, V1NetworkPolicy[], TrafficEndpoint, TrafficEndpoint, boolean]>([
    ['no policy: everything flows', [], pod('a'), pod('b'), true],
    ['deny-all ingress isolates the destination', [DENY_ALL_INGRESS_B], pod('a'), pod('b'), false],
    ['deny-all ingress leaves the namespace free to send', [DENY_ALL_INGRESS_B], pod('b'), pod('a'), true],
    ['deny-all ingress also isolates from the own namespace', [DENY_ALL_INGRESS_B], pod('b'), pod('b'), false],
    ['a policy isolates only the pods it selects', [policy('b', 'db', { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'] })], pod('a'), pod('b', { app: 'web' }), true],
    ['… and does isolate those', [policy('b', 'db', { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'] })], pod('a'), pod('b', { app: 'db' }), false],
    ['policyTypes absent, egress rules present: egress isolated', [policy('a', 'e', { podSelector: {}, egress: [{ to: [{ podSelector: {} }] }] })], pod('a'), pod('b'), false],
    ['policyTypes absent, egress empty: egress not isolated', [policy('a', 'e', { podSelector: {}, ingress: [{}], egress: [] })], pod('a'), pod('b'), true],
    ['policyTypes absent: ingress always isolated', [policy('b', 'i', { podSelector: {}, egress: [{}] })], pod('a'), pod('b'), false],
    ['policyTypes Egress only: ingress not isolated', [policy('b', 'e', { podSelector: {}, policyTypes: ['Egress'] })], pod('a'), pod('b'), true],
    ['an allowing egress rule does not beat a denying ingress side', [policy('a', 'e', { podSelector: {}, policyTypes: ['Egress'], egress: [{}] }), DENY_ALL_INGRESS_B], pod('a'), pod('b'), false],
    ['an allowing ingress rule does not beat a denying egress side', [policy('a', 'e', { podSelector: {}, policyTypes: ['Egress'] }), policy('b', 'i', { podSelector: {}, ingress: [{}] })], pod('a'), pod('b'), false],
    ['external → external is never restricted', [DENY_ALL_INGRESS_B], external('1.1.1.1'), external('8.8.8.8'), true],
  ])('%s', (_name, policies, from, to, expected) => {
    expect(allowed(policies, from, to)).toBe(expected);
  });
});

describe('createEvaluator: peers', () => {
  const ingressFrom = (peers: NonNullable<V1NetworkPolicySpec['ingress']>[number]['_from']): V1NetworkPolicy[] => [
    policy('b', 'allow', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ _from: peers }] }),
  ];
  const teamX = { matchLabels: { team: 'x' } };
  const client = { matchLabels: { role: 'client' } };

  it.each<[string, V1NetworkPolicy[], TrafficEndpoint, boolean]>([
    ['namespaceSelector admits a matching namespace', ingressFrom([{ namespaceSelector: teamX }]), pod('a'), true],
    ['namespaceSelector refuses another namespace', ingressFrom([{ namespaceSelector: teamX }]), pod('c'), false],
    ['empty namespaceSelector admits every namespace', ingressFrom([{ namespaceSelector: {} }]), pod('c'), true],
    ['namespaceSelector on the name label', ingressFrom([{ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['c'] }] } }]), pod('c'), true],
    ['podSelector alone admits the own namespace', ingressFrom([{ podSelector: client }]), pod('b', { role: 'client' }), true],
    ['podSelector alone refuses other namespaces', ingressFrom([{ podSelector: client }]), pod('a', { role: 'client' }), false],
    ['both in one peer: both must match (pod fails)', ingressFrom([{ namespaceSelector: teamX, podSelector: client }]), pod('a'), false],
    ['both in one peer: both must match (namespace fails)', ingressFrom([{ namespaceSelector: teamX, podSelector: client }]), pod('c', { role: 'client' }), false],
    ['both in one peer: both match', ingressFrom([{ namespaceSelector: teamX, podSelector: client }]), pod('a', { role: 'client' }), true],
    ['two peers: either matches', ingressFrom([{ namespaceSelector: teamX }, { podSelector: client }]), pod('a'), true],
    ['empty from: every source', ingressFrom([]), pod('c'), true],
    ['ipBlock: external address inside', ingressFrom([{ ipBlock: { cidr: '203.0.113.0/24', except: ['203.0.113.128/25'] } }]), external('203.0.113.5'), true],
    ['ipBlock: external address in except', ingressFrom([{ ipBlock: { cidr: '203.0.113.0/24', except: ['203.0.113.128/25'] } }]), external('203.0.113.200'), false],
    ['ipBlock: external address outside', ingressFrom([{ ipBlock: { cidr: '203.0.113.0/24' } }]), external('8.8.8.8'), false],
    ['ipBlock: IPv6', ingressFrom([{ ipBlock: { cidr: '::/0', except: ['fd00::/48'] } }]), external('2001:db8::1'), true],
    ['ipBlock: pod with an address inside', ingressFrom([{ ipBlock: { cidr: '10.0.0.0/8' } }]), pod('c', {}, { ip: '10.1.2.3' }), true],
    ['ipBlock: pod without an address', ingressFrom([{ ipBlock: { cidr: '0.0.0.0/0' } }]), pod('c'), false],
    ['selectors never match external addresses', ingressFrom([{ namespaceSelector: {} }]), external('10.1.2.3'), false],
  ])('%s', (_name, policies, from, expected) => {
    expect(allowed(policies, from, pod('b'))).toBe(expected);
  });

  it('lets the option keep ipBlocks away from pod addresses', () => {
    const policies = ingressFrom([{ ipBlock: { cidr: '10.0.0.0/8' } }]);
    expect(allowed(policies, pod('c', {}, { ip: '10.1.2.3' }), pod('b'), TCP80, { podIpsMatchIpBlocks: false })).toBe(false);
  });

  it('reads ingress peers in wire form (`from`) too', () => {
    const wire = JSON.parse(JSON.stringify({ metadata: { namespace: 'b', name: 'w' }, spec: { podSelector: {}, ingress: [{ from: [{ namespaceSelector: teamX }] }] } })) as V1NetworkPolicy;
    expect(allowed([wire], pod('a'), pod('b'))).toBe(true);
    expect(allowed([wire], pod('c'), pod('b'))).toBe(false);
  });

  it('applies egress peers with the source policy namespace as default', () => {
    const policies = [policy('a', 'e', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: {} }] }] })];
    expect(allowed(policies, pod('a'), pod('a'))).toBe(true);
    expect(allowed(policies, pod('a'), pod('b'))).toBe(false);
  });

  it('unions the rules of every policy selecting the pod', () => {
    const policies = [...ingressFrom([{ namespaceSelector: teamX }]), policy('b', 'more', { podSelector: {}, ingress: [{ _from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'c' } } }] }] })];
    expect(allowed(policies, pod('a'), pod('b'))).toBe(true);
    expect(allowed(policies, pod('c'), pod('b'))).toBe(true);
    expect(allowed(policies, pod('b'), pod('b'))).toBe(false);
  });
});

describe('createEvaluator: ports', () => {
  const ingressPorts = (ports: NonNullable<V1NetworkPolicySpec['ingress']>[number]['ports']): V1NetworkPolicy[] => [
    policy('b', 'ports', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ ports }] }),
  ];
  it.each<[string, V1NetworkPolicy[], Traffic, boolean]>([
    ['protocol defaults to TCP', ingressPorts([{ port: 80 }]), TCP80, true],
    ['another protocol on the same number', ingressPorts([{ port: 80 }]), { protocol: 'UDP', port: 80 }, false],
    ['another port', ingressPorts([{ protocol: 'TCP', port: 80 }]), { protocol: 'TCP', port: 81 }, false],
    ['range start', ingressPorts([{ protocol: 'TCP', port: 8000, endPort: 8080 }]), { protocol: 'TCP', port: 8000 }, true],
    ['range end (inclusive)', ingressPorts([{ protocol: 'TCP', port: 8000, endPort: 8080 }]), { protocol: 'TCP', port: 8080 }, true],
    ['past the range', ingressPorts([{ protocol: 'TCP', port: 8000, endPort: 8080 }]), { protocol: 'TCP', port: 8081 }, false],
    ['protocol without port: every port of it', ingressPorts([{ protocol: 'SCTP' }]), { protocol: 'SCTP', port: 9999 }, true],
    ['empty ports: every port', ingressPorts([]), { protocol: 'UDP', port: 53 }, true],
  ])('%s', (_name, policies, traffic, expected) => {
    expect(allowed(policies, pod('a'), pod('b'), traffic)).toBe(expected);
  });

  it('resolves named ports against the destination pod, and says when it cannot', () => {
    const policies = ingressPorts([{ protocol: 'TCP', port: 'http' }]);
    const web = pod('b', {}, { namedPorts: [{ name: 'http', protocol: 'TCP', port: 8080 }] });
    expect(allowed(policies, pod('a'), web, { protocol: 'TCP', port: 8080 })).toBe(true);
    expect(allowed(policies, pod('a'), web, { protocol: 'TCP', port: 80 })).toBe(false);
    expect(verdict(policies, pod('a'), pod('b'), TCP80)).toMatchObject({ kind: 'unsupported', reason: expect.stringContaining('named port') as unknown });
    // Another rule that decides on its own makes the named port irrelevant.
    const plus = [...policies, ...ingressPorts([{ protocol: 'TCP', port: 80 }])];
    expect(allowed(plus, pod('a'), pod('b'), TCP80)).toBe(true);
  });
});

describe('createEvaluator: verdict details and problems', () => {
  it('names the rule that allowed and the policies that isolated', () => {
    const policies = [policy('a', 'out', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: {} }] }, {}] }), DENY_ALL_INGRESS_B];
    expect(verdict(policies, pod('a'), pod('b'))).toStrictEqual({
      kind: 'decided',
      allowed: false,
      egress: { state: 'allowed', by: 'a/out egress[1]' },
      ingress: { state: 'denied', isolatedBy: ['b/deny'] },
    });
  });

  it('refuses to answer about a namespace it does not know', () => {
    expect(verdict([], pod('nowhere'), pod('b')).kind).toBe('unsupported');
  });

  it.each<[string, V1NetworkPolicy, string]>([
    ['missing namespace', { metadata: { name: 'x' }, spec: { podSelector: {} } }, 'required'],
    ['unknown policyType', policy('b', 'x', { podSelector: {}, policyTypes: ['Sideways'] }), 'policyType'],
    ['unknown operator', policy('b', 'x', { podSelector: { matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] } }), 'operator'],
    ['empty peer', policy('b', 'x', { podSelector: {}, ingress: [{ _from: [{}] }] }), 'peer needs'],
    ['ipBlock with a selector', policy('b', 'x', { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8' }, podSelector: {} }] }] }), 'combined'],
    ['except outside its cidr', policy('b', 'x', { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['11.0.0.0/8'] } }] }] }), 'not inside'],
    ['except of another family', policy('b', 'x', { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['fd00::/48'] } }] }] }), 'not inside'],
    ['invalid cidr', policy('b', 'x', { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0' } }] }] }), 'invalid cidr'],
    ['endPort below port', policy('b', 'x', { podSelector: {}, ingress: [{ ports: [{ port: 90, endPort: 80 }] }] }), 'endPort'],
    ['endPort with a named port', policy('b', 'x', { podSelector: {}, ingress: [{ ports: [{ port: 'http', endPort: 80 }] }] }), 'numeric'],
    ['unknown protocol', policy('b', 'x', { podSelector: {}, ingress: [{ ports: [{ protocol: 'ICMP', port: 1 }] }] }), 'protocol'],
  ])('reports %s', (_name, bad, fragment) => {
    const result = createEvaluator({ namespaces: NAMESPACES, policies: [bad] });
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems.join('\n')).toContain(fragment);
  });
});
