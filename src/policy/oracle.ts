// The table of docs/connectivity.md, written straight from its rows and independent of how policies
// are rendered: property tests compare what a NetworkPolicy evaluator makes of the rendered objects
// against it.
import type { Allowance } from './allowance.js';
import { ALLOW_ALL, ALLOW_NONE, allowanceOfPorts, unionAllowances } from './allowance.js';
import { anyCidrContainsIp } from './cidr.js';
import type { ConnectionModel, ConnectivityInput, Endpoint, Flow, PortRange, ProjectModel } from './model.js';
import type { ConnectivityView, EndpointClass } from './view.js';
import { classifyEndpoint, viewOf } from './view.js';

/**
 * May traffic go from `from` to `to`? With a `flow`, on that protocol and port; without one, whether
 * any traffic at all may go (use `allowanceBetween` to see which ports).
 */
export function isAllowed(input: ConnectivityInput, from: Endpoint, to: Endpoint, flow?: Flow): boolean {
  const view = viewOf(input);
  const source = classifyEndpoint(view, from);
  const destination = classifyEndpoint(view, to);
  if (source.kind === 'project' && destination.kind === 'project') {
    if (projectsAlwaysConnected(view, source.project, destination.project)) return true;
    return connectionsAllowing(view, source.project.name, destination.project.name).some(
      (c) => flow === undefined || portsAdmit(c.ports, flow),
    );
  }
  return boundaryAllows(view, source, destination);
}

/** Which ports may go from `from` to `to`: the cell the CLI matrix shows. */
export function allowanceBetween(input: ConnectivityInput, from: Endpoint, to: Endpoint): Allowance {
  const view = viewOf(input);
  const source = classifyEndpoint(view, from);
  const destination = classifyEndpoint(view, to);
  if (source.kind === 'project' && destination.kind === 'project') {
    if (projectsAlwaysConnected(view, source.project, destination.project)) return ALLOW_ALL;
    return connectionsAllowing(view, source.project.name, destination.project.name)
      .map((c) => allowanceOfPorts(c.ports))
      .reduce(unionAllowances, ALLOW_NONE);
  }
  return boundaryAllows(view, source, destination) ? ALLOW_ALL : ALLOW_NONE;
}

/** Rows "same project" and "same workspace": allowed on every port. */
function projectsAlwaysConnected(view: ConnectivityView, p: ProjectModel, q: ProjectModel): boolean {
  if (p.name === q.name) return true;
  return p.workspace === q.workspace && view.intraWorkspace(p.workspace) === 'Allow' && !p.isolated && !q.isolated;
}

/** Connections that allow `from` → `to`: the forward direction, or the reverse of a bidirectional one. */
function connectionsAllowing(view: ConnectivityView, from: string, to: string): ConnectionModel[] {
  return view.connectionsTouching(from).filter((c) => (c.from === from && c.to === to) || (c.bidirectional && c.from === to && c.to === from));
}

function portsAdmit(ports: readonly PortRange[] | undefined, flow: Flow): boolean {
  if (ports === undefined || ports.length === 0) return true;
  return ports.some((p) => (p.protocol ?? 'TCP') === flow.protocol && p.port <= flow.port && flow.port <= (p.endPort ?? p.port));
}

/** Every row with at most one project end. Traffic between non-projects is not ours to restrict. */
function boundaryAllows(view: ConnectivityView, source: EndpointClass, destination: EndpointClass): boolean {
  const config = view.input.config;
  if (source.kind === 'project') {
    switch (destination.kind) {
      case 'system':
        return true;
      case 'other':
        return !view.egressIsolation;
      case 'outside':
        // Never the denied ranges; and outside means not a pod address: no pod is reachable by address alone.
        if (anyCidrContainsIp(config.deniedEgressCIDRs ?? [], destination.ip)) return false;
        return !view.egressIsolation || !anyCidrContainsIp(config.podCidrs, destination.ip);
      case 'project':
        return true; // handled by the caller; kept for exhaustiveness
    }
  }
  if (destination.kind === 'project') {
    switch (source.kind) {
      case 'system':
        return true;
      case 'other':
        return config.allowedIngressNamespaces.includes(source.namespace);
      case 'outside':
        return anyCidrContainsIp(config.allowedIngressCIDRs, source.ip);
    }
  }
  return true;
}
