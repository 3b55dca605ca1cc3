// The controller does not install CRDs (the chart does); it checks they are there and says which
// are missing, instead of failing later with 404s.
import type { ProviderName } from '../api/provider-names.js';
import { isNotFound } from '../kube/api-error.js';
import type { KubeClient } from '../kube/kube-client.js';
import { CORE } from '../kube/resource.js';

export function requiredCrds(provider: ProviderName): string[] {
  const own = ['workspacenetworks.sdn.kubesphere.io', 'projectnetworks.sdn.kubesphere.io', 'projectconnections.sdn.kubesphere.io', 'workspaces.tenant.kubesphere.io'];
  return provider === 'calico' ? [...own, 'ippools.crd.projectcalico.org'] : own;
}

export async function missingCrds(client: KubeClient, provider: ProviderName): Promise<string[]> {
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
