import { describe, expect, it } from '@jest/globals';
import { PROVIDER_NAMES } from '../providers/registry.js';
import { allCrds } from './crd-files.js';

const ALL_CRDS = allCrds(PROVIDER_NAMES);
import { CALICO_IPPOOLS, KUBESPHERE_WORKSPACES, PROJECT_CONNECTIONS, PROJECT_NETWORKS, WORKSPACE_NETWORKS } from './resources.js';

describe('resource coordinates', () => {
  it.each([WORKSPACE_NETWORKS, PROJECT_NETWORKS, PROJECT_CONNECTIONS, KUBESPHERE_WORKSPACES, CALICO_IPPOOLS])(
    '$kind matches a served version of its CRD',
    (resource) => {
      const crd = ALL_CRDS.map((placed) => placed.crd).find((candidate) => candidate.spec.names.kind === resource.kind);
      expect(crd?.spec.group).toBe(resource.group);
      expect(crd?.spec.names.plural).toBe(resource.plural);
      expect(crd?.spec.scope === 'Namespaced').toBe(resource.namespaced);
      expect(crd?.spec.versions.find((version) => version.name === resource.version)?.served).toBe(true);
    },
  );
});
