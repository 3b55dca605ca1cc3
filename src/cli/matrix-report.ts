// What `matrix` shows, as data: the projects in workspace order and, for every ordered pair, what
// the policy model allows (`connectivityMatrix`, the controller's own model).
import type { IntraWorkspacePolicy } from '../api/workspace-network.js';
import { connectivityMatrix, type Allowance, type CanonicalPort, type ConnectivityInput } from '../policy/index.js';
import { compareStrings } from '../policy/order.js';

export interface MatrixProject {
  readonly name: string;
  readonly workspace: string;
  readonly isolated: boolean;
}

export interface MatrixWorkspace {
  readonly name: string;
  readonly intraWorkspace: IntraWorkspacePolicy;
}

export interface MatrixEntry {
  readonly from: string;
  readonly to: string;
  readonly allowed: Allowance['kind'];
  /** For `ports`: what is allowed, canonical (sorted, merged). */
  readonly ports?: readonly CanonicalPort[];
}

export interface MatrixReport {
  readonly workspaces: readonly MatrixWorkspace[];
  /** Row and column order: by workspace, then by name. */
  readonly projects: readonly MatrixProject[];
  /** Every ordered pair, row-major in `projects` order. */
  readonly cells: readonly MatrixEntry[];
}

/** The grid for the projects of `workspaces` (all projects when empty). */
export function matrixReport(input: ConnectivityInput, workspaces: readonly string[] = []): MatrixReport {
  const wanted = new Set(workspaces);
  const projects = input.projects
    .filter((p) => wanted.size === 0 || wanted.has(p.workspace))
    .map((p) => ({ name: p.name, workspace: p.workspace, isolated: p.isolated }))
    .sort((a, b) => compareStrings(a.workspace, b.workspace) || compareStrings(a.name, b.name));
  const matrix = connectivityMatrix(input, projects.map((p) => p.name));
  const lookup = new Map(matrix.cells.map((c) => [`${c.from}\n${c.to}`, c.allowance]));
  const cells = projects.flatMap((from) =>
    projects.map((to): MatrixEntry => {
      const allowance = lookup.get(`${from.name}\n${to.name}`) ?? { kind: 'none' };
      return allowance.kind === 'ports' ? { from: from.name, to: to.name, allowed: 'ports', ports: allowance.ports } : { from: from.name, to: to.name, allowed: allowance.kind };
    }),
  );
  const shown = new Set(projects.map((p) => p.workspace));
  return {
    workspaces: input.workspaces.filter((w) => shown.has(w.name)).map((w) => ({ name: w.name, intraWorkspace: w.intraWorkspace })),
    projects,
    cells,
  };
}
