// docs/api-reference.md carries the field tables of the three CRDs generated from src/api; this
// fails when they are stale. UPDATE_API_DOCS=1 rewrites them.
import { describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectConnectionCrd } from '../../../src/api/project-connection.js';
import { projectNetworkCrd } from '../../../src/api/project-network.js';
import { workspaceNetworkCrd } from '../../../src/api/workspace-network.js';
import { PROVIDER_NAMES } from '../../../src/providers/registry.js';
import { apiReferenceTables, GENERATED_BEGIN, GENERATED_END, withTables } from './api-docs.js';

const DOC = join(import.meta.dirname, '../../../docs/api-reference.md');
const CRDS = [workspaceNetworkCrd(PROVIDER_NAMES), projectNetworkCrd, projectConnectionCrd];

describe('docs/api-reference.md', () => {
  it('has the field tables of the CRDs as they are now', () => {
    const document = readFileSync(DOC, 'utf8');
    const updated = withTables(document, apiReferenceTables(CRDS));
    expect(updated).toBeDefined();
    if (process.env.UPDATE_API_DOCS === '1' && updated !== undefined) writeFileSync(DOC, updated);
    else expect(document).toBe(updated);
  });
});

describe('apiReferenceTables', () => {
  const tables = apiReferenceTables(CRDS);

  it('documents every spec and status field of every kind, with defaults and rules', () => {
    for (const kind of ['WorkspaceNetwork', 'ProjectNetwork', 'ProjectConnection']) expect(tables).toContain(`### ${kind}`);
    expect(tables).toContain('| `spec.intraWorkspace` | string | `"Allow"` | one of `Allow`, `Deny` |');
    expect(tables).toContain('| `spec.ports[].protocol` | string | `"TCP"` | one of `TCP`, `UDP`, `SCTP` |');
    expect(tables).toMatch(/\| `spec\.cidr` \| string \| {2}\| at most 18 characters; must be an IPv4 network .*; spec\.cidr is immutable once set \|/);
    expect(tables).toContain('| `spec.workspace` (required) | string |');
    expect(tables).toContain('| `status.conditions` | []object |');
    expect(tables).not.toContain('status.conditions[].reason');
    expect(tables).toContain('workspace is immutable; spec.workspace must equal metadata.name |');
    expect(tables).toContain('| `status.projects` | integer |  | ≥ 0 |');
    expect(tables).toContain('| Intra | `.spec.intraWorkspace` | `-o wide` |');
  });

  it('is a region that can be found and replaced', () => {
    expect(withTables(`intro\n${GENERATED_BEGIN}\nold\n${GENERATED_END}\nend`, tables)).toBe(`intro\n${tables}\nend`);
    expect(withTables('no region', tables)).toBeUndefined();
  });
});
