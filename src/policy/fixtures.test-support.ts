// Builders shared by the policy model's tests (a test-support file: the build leaves it out of dist/).
import type { ConnectionModel, ConnectivityConfig, ConnectivityInput, ProjectModel, WorkspaceModel } from './model.js';

const BASE_CONFIG: ConnectivityConfig = {
  systemNamespaces: ['kubesphere-system', 'kube-system'],
  allowedIngressCIDRs: [],
  allowedIngressNamespaces: [],
  podCidrs: ['10.244.0.0/16'],
};

export function project(name: string, workspace: string, isolated = false): ProjectModel {
  return { name, workspace, isolated, uid: `uid-${name}` };
}

export function workspace(name: string, intraWorkspace: WorkspaceModel['intraWorkspace'] = 'Allow'): WorkspaceModel {
  return { name, intraWorkspace };
}

export function connection(from: string, to: string, options: Partial<Omit<ConnectionModel, 'from' | 'to'>> = {}): ConnectionModel {
  return { name: `${from}-${to}`, from, to, bidirectional: options.bidirectional ?? true, ...(options.ports === undefined ? {} : { ports: options.ports }) };
}

export function model(parts: Partial<Omit<ConnectivityInput, 'config'>> & { config?: Partial<ConnectivityConfig> }): ConnectivityInput {
  return {
    workspaces: parts.workspaces ?? [],
    projects: parts.projects ?? [],
    connections: parts.connections ?? [],
    config: { ...BASE_CONFIG, ...parts.config },
  };
}
