// Are the kinds the controller needs served? One list of each (limit 1): proves the CRD is
// installed, established, and its storage answers.
import { isNotFound } from '../../kube/api-error.js';
import { KUBESPHERE_WORKSPACES, PROJECT_CONNECTIONS, PROJECT_NETWORKS, WORKSPACE_NETWORKS } from '../../api/resources.js';
import type { KubeClient } from '../../kube/kube-client.js';
import type { ResourceType } from '../../kube/resource.js';
import { errorMessage } from '../../util/errors.js';
import { fail, pass, type CheckResult } from './check-result.js';

/** The controller's own kinds and KubeSphere's workspaces; a provider's CRDs the controller checks itself at start. */
export const CHECKED_KINDS: readonly ResourceType[] = [WORKSPACE_NETWORKS, PROJECT_NETWORKS, PROJECT_CONNECTIONS, KUBESPHERE_WORKSPACES];

function qualified(type: ResourceType): string {
  return `${type.plural}.${type.group}/${type.version}`;
}

export async function checkCrds(client: KubeClient): Promise<CheckResult> {
  const outcomes = await Promise.all(CHECKED_KINDS.map(async (type) => {
    try {
      await client.list(type, { limit: 1, metadataOnly: true });
      return undefined;
    } catch (err) {
      return isNotFound(err) ? `${qualified(type)} is not served (CRD missing)` : `${qualified(type)}: ${errorMessage(err)}`;
    }
  }));
  const problems = outcomes.filter((o): o is string => o !== undefined);
  if (problems.length > 0) return fail('crds', problems.join('; '));
  return pass('crds', `${CHECKED_KINDS.map((t) => t.plural).join(', ')} are served`);
}
