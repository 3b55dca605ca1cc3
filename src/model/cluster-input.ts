// The whole cluster's connectivity model input (the CLI's matrix): every project among the given
// namespaces, the workspaces they belong to, and every connection whose both ends are projects.
import type { ConnectionModel, ConnectivityConfig, ConnectivityInput } from '../policy/index.js';
import { compareStrings } from '../policy/order.js';
import type { ProjectGraph } from './scoped-input.js';

/** The projects among `namespaces`, sorted by name. */
export function projectNames(graph: ProjectGraph, namespaces: readonly string[]): string[] {
  return namespaces.filter((name) => graph.project(name) !== undefined).sort(compareStrings);
}

export function clusterConnectivityInput(graph: ProjectGraph, namespaces: readonly string[], config: ConnectivityConfig): ConnectivityInput {
  const projects = projectNames(graph, namespaces).flatMap((name) => graph.project(name) ?? []);
  const workspaces = [...new Set(projects.map((p) => p.workspace))].sort(compareStrings).flatMap((name) => graph.workspace(name) ?? []);
  const seen = new Set<string>();
  const connections: ConnectionModel[] = projects.flatMap((p) =>
    graph.connectionsOf(p.name).filter((c) => {
      if (seen.has(c.name) || graph.project(c.from === p.name ? c.to : c.from) === undefined) return false;
      seen.add(c.name);
      return true;
    }),
  );
  return { workspaces, projects, connections, config };
}
