// fast-check generator of whole clusters for the policy model: workspaces, projects (some isolated),
// connections (one-way, bidirectional, port-limited, some naming non-projects), system and unmanaged
// namespaces, configuration, and one pod per namespace with an address from the pod ranges.
import fc from 'fast-check';
import { KS_LABEL_WORKSPACE, LABEL_NAMESPACE_NAME, LABEL_WORKSPACE } from '../../../src/api/constants.js';
import type { ConnectionModel, ConnectivityInput, PortRange, ProjectModel, Protocol } from '../../../src/policy/index.js';
import { projectNamespaceLabels, viewOf } from '../../../src/policy/index.js';
import type { NamespaceInfo, PodEndpoint, Traffic } from './types.js';

const WORKSPACES = ['ws-a', 'ws-b', 'ws-c'];
const SYSTEM_NAMESPACES = ['kube-system', 'kubesphere-system'];
const OTHER_NAMESPACES = ['other-0', 'other-1', 'ingress-nginx'];
/** Pod ranges with one address inside each; 10.130.0.0/16 lies inside 10.128.0.0/10 on purpose. */
export const POD_RANGES = [
  { cidr: '10.244.0.0/16', address: '10.244.3.7' },
  { cidr: '10.128.0.0/10', address: '10.150.5.9' },
  { cidr: '10.130.0.0/16', address: '10.130.200.1' },
  { cidr: '192.168.0.0/16', address: '192.168.7.7' },
  { cidr: 'fd00:10::/56', address: 'fd00:10::42' },
];
/** SNAT / load-balancer ranges, apart from every pod range. */
export const INGRESS_RANGES = [
  { cidr: '203.0.113.0/24', address: '203.0.113.7' },
  { cidr: '198.51.100.0/24', address: '198.51.100.9' },
  { cidr: '2001:db8:1::/48', address: '2001:db8:1::7' },
];
/** Addresses to try from and to outside: public ones, ingress ranges, and every pod range (configured or not). */
/** Ranges projects may be denied (a metadata address, a public range, an IPv6 one). */
export const DENIED_RANGES = ['169.254.169.254/32', '8.8.8.0/24', '2001:4860::/32'];
export const OUTSIDE_ADDRESSES = ['8.8.8.8', '2001:4860::8888', '169.254.169.254', '1.1.1.1', ...INGRESS_RANGES.map((r) => r.address), ...POD_RANGES.map((r) => r.address)];

export interface Topology {
  readonly input: ConnectivityInput;
  readonly namespaces: readonly NamespaceInfo[];
  readonly pods: readonly PodEndpoint[];
  readonly flows: readonly Traffic[];
}

const protocol = fc.constantFrom<Protocol | undefined>('TCP', 'UDP', 'SCTP', undefined);
const portRange: fc.Arbitrary<PortRange> = fc
  .record({ protocol, port: fc.constantFrom(53, 80, 443, 5432, 8000), span: fc.constantFrom(0, 0, 1, 10) })
  .map(({ protocol: p, port, span }) => ({ ...(p === undefined ? {} : { protocol: p }), port, ...(span === 0 ? {} : { endPort: port + span }) }));

export const topologyArbitrary: fc.Arbitrary<Topology> = fc
  .record({
    projects: fc.array(fc.record({ workspace: fc.constantFrom(...WORKSPACES, 'ws-unlisted'), isolated: fc.boolean() }), { minLength: 1, maxLength: 6 }),
    workspaces: fc.subarray(WORKSPACES).chain((names) => fc.tuple(...names.map((name) => fc.constantFrom<'Allow' | 'Deny'>('Allow', 'Deny').map((intra) => ({ name, intraWorkspace: intra }))))),
    systemAlsoProject: fc.boolean(),
    connectionEnds: fc.array(
      fc.record({
        from: fc.oneof({ weight: 4, arbitrary: fc.nat(5).map((i) => `p${i}`) }, { weight: 1, arbitrary: fc.constantFrom(...SYSTEM_NAMESPACES, ...OTHER_NAMESPACES, 'ghost') }),
        to: fc.oneof({ weight: 4, arbitrary: fc.nat(5).map((i) => `p${i}`) }, { weight: 1, arbitrary: fc.constantFrom(...SYSTEM_NAMESPACES, ...OTHER_NAMESPACES, 'ghost') }),
        bidirectional: fc.boolean(),
        ports: fc.option(fc.array(portRange, { maxLength: 3 }), { nil: undefined }),
      }),
      { maxLength: 8 },
    ),
    systemNamespaces: fc.subarray(SYSTEM_NAMESPACES),
    allowedIngressNamespaces: fc.subarray([...OTHER_NAMESPACES, 'p0', 'kube-system']),
    allowedIngressCIDRs: fc.subarray(INGRESS_RANGES.map((r) => r.cidr)),
    deniedEgressCIDRs: fc.option(fc.subarray(DENIED_RANGES), { nil: undefined }),
    podRanges: fc.subarray(POD_RANGES, { minLength: 1 }),
    egressIsolation: fc.option(fc.boolean(), { nil: undefined }),
    otherLabels: fc.array(fc.constantFrom<Record<string, string>>({}, { [KS_LABEL_WORKSPACE]: 'ws-a' }, { team: 'x' }), { minLength: OTHER_NAMESPACES.length, maxLength: OTHER_NAMESPACES.length }),
    podLabels: fc.constantFrom<Record<string, string>>({}, { app: 'web' }, { app: 'db', tier: 'back' }),
  })
  .map((g): Topology => {
    const projects: ProjectModel[] = g.projects.map((p, i) => ({ name: `p${i}`, workspace: p.workspace, isolated: p.isolated, uid: `uid-p${i}` }));
    if (g.systemAlsoProject) projects.push({ name: 'kube-system', workspace: 'ws-a', isolated: false, uid: 'uid-kube-system' });
    const connections: ConnectionModel[] = g.connectionEnds.map((c, i) => ({ name: `c${i}`, ...c }));
    const input: ConnectivityInput = {
      workspaces: g.workspaces,
      projects,
      connections,
      config: {
        systemNamespaces: g.systemNamespaces,
        allowedIngressCIDRs: g.allowedIngressCIDRs,
        allowedIngressNamespaces: g.allowedIngressNamespaces,
        podCidrs: g.podRanges.map((r) => r.cidr),
        ...(g.egressIsolation === undefined ? {} : { egressIsolation: g.egressIsolation }),
        ...(g.deniedEgressCIDRs === undefined ? {} : { deniedEgressCIDRs: g.deniedEgressCIDRs }),
      },
    };
    const namespaces = clusterNamespaces(input, g.otherLabels);
    const pods = namespaces.map((ns, i): PodEndpoint => ({ kind: 'pod', namespace: ns.name, labels: g.podLabels, ip: g.podRanges[i % g.podRanges.length]?.address ?? '' }));
    return { input, namespaces, pods, flows: flowsToTry(connections) };
  });

/** Namespaces as the API server would hold them once the controller labelled its projects. */
function clusterNamespaces(input: ConnectivityInput, otherLabels: readonly Record<string, string>[]): NamespaceInfo[] {
  const view = viewOf(input);
  const named = (name: string, labels: Record<string, string>): NamespaceInfo => ({ name, labels: { ...labels, [LABEL_NAMESPACE_NAME]: name } });
  const projects = [...view.projects.values()].map((p) => named(p.name, { [KS_LABEL_WORKSPACE]: p.workspace, ...projectNamespaceLabels(p) }));
  // Candidates not configured as system namespaces are plain unmanaged namespaces (or projects).
  // A system namespace also listed as a project may still carry a workspace label: it must not matter.
  const system = SYSTEM_NAMESPACES.filter((name) => !view.projects.has(name)).map((name) =>
    named(name, input.projects.some((p) => p.name === name) ? { [LABEL_WORKSPACE]: 'ws-a' } : {}),
  );
  const others = OTHER_NAMESPACES.map((name, i) => named(name, otherLabels[i] ?? {}));
  return [...projects, ...system, ...others];
}

/** Every port edge the connections create (first, last, just outside), per protocol, plus two defaults. */
function flowsToTry(connections: readonly ConnectionModel[]): Traffic[] {
  const keys = new Set(['TCP/80', 'UDP/53']);
  for (const c of connections) {
    for (const p of c.ports ?? []) {
      const proto = p.protocol ?? 'TCP';
      for (const port of [p.port - 1, p.port, p.endPort ?? p.port, (p.endPort ?? p.port) + 1]) keys.add(`${proto}/${port}`);
    }
  }
  return [...keys].sort().map((key) => {
    const [proto, port] = key.split('/');
    return { protocol: proto as Protocol, port: Number(port) };
  });
}
