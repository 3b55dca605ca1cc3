// The controller does not install CRDs (the chart does); it checks they are there and says which
// are missing, instead of failing later with 404s: its own, KubeSphere's Workspace, and whatever
// the chosen provider needs.
import { KUBESPHERE_WORKSPACES, PROJECT_CONNECTIONS, PROJECT_NETWORKS, WORKSPACE_NETWORKS } from '../api/resources.js';
import { isNotFound } from '../kube/api-error.js';
import type { KubeClient } from '../kube/kube-client.js';
import { CORE, type ResourceType } from '../kube/resource.js';
import { providerNamed } from '../providers/registry.js';

const crdName = (type: ResourceType): string => `${type.plural}.${type.group}`;

export function requiredCrds(provider: string): string[] {
  const own = [WORKSPACE_NETWORKS, PROJECT_NETWORKS, PROJECT_CONNECTIONS, KUBESPHERE_WORKSPACES].map(crdName);
  return [...own, ...(providerNamed(provider)?.requiredCrds ?? [])];
}

export async function missingCrds(client: KubeClient, provider: string): Promise<string[]> {
  const missing: string[] = [];
  for (const name of requiredCrds(provider)) {
    try {
      await client.get(CORE.crds, name);
    } catch (err) {
      if (!isNotFound(err)) throw err;
      missing.push(name);
    }
  }
  return missing;
}
