// One minimum Kubernetes version: the chart's kubeVersion decides it, and every "Kubernetes ≥ x.y"
// in the README, the docs and the chart says the same, so widening support means changing
// Chart.yaml and whatever this test then names.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { CHART_DIR, REPO_ROOT } from '../../support/helm.js';

const STATED = /Kubernetes\s*(?:≥|>=)\s*v?(\d+\.\d+)/gi;

function chartMinimum(): string {
  const kubeVersion = (parse(readFileSync(join(CHART_DIR, 'Chart.yaml'), 'utf8')) as { kubeVersion: string }).kubeVersion;
  const match = /^>=\s*v?(\d+\.\d+)/.exec(kubeVersion);
  if (match?.[1] === undefined) throw new Error(`Chart.yaml kubeVersion ${kubeVersion} has no minimum`);
  return match[1];
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

  it('is stated in the README', () => {
    expect(readFileSync(join(REPO_ROOT, 'README.md'), 'utf8')).toContain(`Kubernetes ≥ ${minimum}`);
  });

  it('is the chart\'s kubeVersion everywhere it is stated', () => {
    const stated = files().flatMap((file) => [...readFileSync(join(REPO_ROOT, file), 'utf8').matchAll(STATED)].map((m) => ({ file, version: m[1] })));
    expect(stated.length).toBeGreaterThan(1);
    expect(stated.filter((s) => s.version !== minimum)).toEqual([]);
  });
});
