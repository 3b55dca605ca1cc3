// The connectivity table of docs/connectivity.md written out again, on its own, as the expectation
// the probes are held to: who may reach whom, per port. Deliberately not the controller's model
// (src/policy/): a test that judged the packets by the code under test could not catch that code.
export type Protocol = 'TCP' | 'UDP';

export interface PortProbe {
  readonly protocol: Protocol;
  readonly port: number;
}

export interface TopologyConnection {
  readonly from: string;
  readonly to: string;
  readonly bidirectional: boolean;
  /** Absent: all ports. */
  readonly ports?: readonly PortProbe[];
}

export interface Topology {
  /** Project name → its workspace and whether it is isolated (annotation or spec). */
  readonly projects: ReadonlyMap<string, { readonly workspace: string; readonly isolated: boolean }>;
  /** Workspace name → intraWorkspace. */
  readonly workspaces: ReadonlyMap<string, 'Allow' | 'Deny'>;
  readonly connections: readonly TopologyConnection[];
  readonly systemNamespaces: ReadonlySet<string>;
  /** Projects whose admin added a NetworkPolicy that allows every ingress and every egress. */
  readonly openedByTenant: ReadonlySet<string>;
}

/** `outside` is the test's network namespace beyond the node; any other name is a namespace. */
export const OUTSIDE = 'outside';

function connectionAllows(top: Topology, from: string, to: string, probe: PortProbe): boolean {
  return top.connections.some((c) => {
    const matches = (c.from === from && c.to === to) || (c.bidirectional && c.from === to && c.to === from);
    return matches && (c.ports === undefined || c.ports.length === 0 || c.ports.some((p) => p.protocol === probe.protocol && p.port === probe.port));
  });
}

/** What the table says, ignoring tenants' own policies. */
function tableAllows(top: Topology, from: string, to: string, probe: PortProbe): boolean {
  if (from === to) return true;
  const src = top.projects.get(from);
  const dst = top.projects.get(to);
  if (dst !== undefined) {
    if (src !== undefined) {
      const sameWorkspace = src.workspace === dst.workspace && top.workspaces.get(src.workspace) === 'Allow' && !src.isolated && !dst.isolated;
      return sameWorkspace || connectionAllows(top, from, to, probe);
    }
    return top.systemNamespaces.has(from);
  }
  if (src !== undefined) return to === OUTSIDE || top.systemNamespaces.has(to);
  return true;
}

/**
 * May `from` reach `to` on this port? NetworkPolicy is additive: a side that is a project allows
 * what the table allows, or everything when its tenant opened it; a side that is no project has no
 * policy and allows everything.
 */
export function expectedReachable(top: Topology, from: string, to: string, probe: PortProbe): boolean {
  const table = tableAllows(top, from, to, probe);
  const egress = !top.projects.has(from) || table || top.openedByTenant.has(from);
  const ingress = !top.projects.has(to) || table || top.openedByTenant.has(to);
  return egress && ingress;
}
