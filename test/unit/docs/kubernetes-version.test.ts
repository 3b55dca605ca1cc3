// One minimum Kubernetes version: the chart's `tenant-network-controller/minimum-kubernetes`
// annotation decides it (templates/_compat.tpl checks it; docs/compatibility.md says why it is not
// `kubeVersion`), the oldest apiserver the tests build is that release, and every "Kubernetes ≥ x.y"
// in the README, the docs and the chart says the same, so changing support means changing
// Chart.yaml and whatever this test then names.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { CHART_DIR, REPO_ROOT } from '../../support/helm.js';

const STATED = /Kubernetes\s*(?:≥|>=)\s*v?(\d+\.\d+)/gi;

function chartMinimum(): string {
  const chart = parse(readFileSync(join(CHART_DIR, 'Chart.yaml'), 'utf8')) as { kubeVersion?: string; annotations?: Record<string, string> };
  // Helm would check kubeVersion before the chart's own, plainer check.
  if (chart.kubeVersion !== undefined) throw new Error('Chart.yaml sets kubeVersion; the minimum belongs in its annotation');
  const minimum = chart.annotations?.['tenant-network-controller/minimum-kubernetes'] ?? '';
  if (!/^\d+\.\d+$/.test(minimum)) throw new Error(`Chart.yaml's minimum-kubernetes annotation ${JSON.stringify(minimum)} is not x.y`);
  return minimum;
}

function files(): string[] {
  const inDir = (dir: string, suffix: RegExp): string[] => readdirSync(join(REPO_ROOT, dir)).filter((f) => suffix.test(f)).map((f) => join(dir, f));
  return [
    'README.md',
    'CHANGELOG.md',
    ...inDir('docs', /\.md$/),
    'charts/tenant-network-controller/values.yaml',
    ...inDir('charts/tenant-network-controller/templates', /\.(yaml|tpl|txt)$/),
  ];
}

describe('the minimum Kubernetes version', () => {
  const minimum = chartMinimum();

  it('is the oldest control plane the tests build and make test-compat runs', () => {
    const makefile = readFileSync(join(REPO_ROOT, 'Makefile'), 'utf8');
    const oldest = /^OLDEST_K8S := v(\d+\.\d+)\.\d+$/m.exec(makefile)?.[1];
    expect(oldest).toBe(minimum);
    expect(readFileSync(join(REPO_ROOT, `test/tools/controlplane-${minimum}/go.mod`), 'utf8')).toMatch(new RegExp(`k8s\\.io/kubernetes v${minimum.replace('.', '\\.')}\\.\\d+`));
  });

  it('is stated in the README', () => {
    expect(readFileSync(join(REPO_ROOT, 'README.md'), 'utf8')).toContain(`Kubernetes ≥ ${minimum}`);
  });

  it('is the same everywhere it is stated', () => {
    const stated = files().flatMap((file) => [...readFileSync(join(REPO_ROOT, file), 'utf8').matchAll(STATED)].map((m) => ({ file, version: m[1] })));
    expect(stated.length).toBeGreaterThan(1);
    expect(stated.filter((s) => s.version !== minimum)).toEqual([]);
  });
});
